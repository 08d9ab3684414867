"""Static files: WhiteNoise's hashed, compressed copies, each address looked up once."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Every rendered page asks for the same few addresses ({% static %}), and each lookup
    in the manifest costs about 40 µs here. The manifest is read once, when the storage is
    created, so the address of a name cannot change while this storage lives; it is kept.
    Names missing from the manifest still raise ValueError every time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        try:
            return self._urls[key]
        except KeyError:
            url = self._urls[key] = super().url(name, force)
            return url

    def post_process(self, *args, **kwargs):
        # collectstatic rewrites the manifest: what was looked up before no longer holds.
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
