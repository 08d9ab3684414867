"""The portal's settings, plus the benchmark's floor route (bench/floor_urls.py)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"

# The reference page's template (bench/templates/reference.html).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
