"""WSGI entry point for production servers (gunicorn: `dossiers.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossiers.settings")
application = get_wsgi_application()
