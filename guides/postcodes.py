"""Which region a Belgian postcode belongs to."""

from .models import RegionSlug

# (first, last, region): the bpost ranges by region.
POSTCODE_RANGES = [
    (1000, 1299, RegionSlug.BRUSSELS),
    (1300, 1499, RegionSlug.WALLONIA),
    (1500, 3999, RegionSlug.FLANDERS),
    (4000, 7999, RegionSlug.WALLONIA),
    (8000, 9999, RegionSlug.FLANDERS),
]


def region_for_postcode(postcode):
    """The region slug for a four-digit Belgian postcode, or None if there is none.

    Any decimal digits count, so that a phone keyboard's Arabic-Indic digits work too.
    """
    postcode = (postcode or "").strip()
    if len(postcode) != 4 or not postcode.isdecimal():
        return None
    number = int(postcode)
    for first, last, region in POSTCODE_RANGES:
        if first <= number <= last:
            return region.value
    return None
