"""WSGI entry point: `gunicorn portal.wsgi`."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from portal.stack_room import with_stack_room

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Each request in a frame stack chunk of its own: see portal/stack_room.py.
application = with_stack_room(get_wsgi_application())

if not settings.DEBUG and len(os.environ.get("SECRET_KEY", "")) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of 50 characters or more.")
