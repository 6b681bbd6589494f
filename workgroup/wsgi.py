"""WSGI entry point, used by gunicorn: ``gunicorn workgroup.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workgroup.settings")

application = get_wsgi_application()
