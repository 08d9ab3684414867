"""The portal's settings, plus the benchmark's floor route (bench/floor_urls.py)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
