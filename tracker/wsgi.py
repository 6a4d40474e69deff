"""WSGI entry point (gunicorn tracker.wsgi).

Each process does its start-up work before it takes requests (tracker/warmup.py), so the first
request after a deploy or a worker restart is not the one that waits for it.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
application = get_wsgi_application()

from tracker.warmup import warm_up  # noqa: E402  # needs the settings get_wsgi_application loaded

warm_up()
