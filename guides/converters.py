from .models import RegionSlug


class RegionConverter:
    """Only the three region slugs match, so /xx/<anything>/ never passes for a region page."""

    regex = "|".join(RegionSlug.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
