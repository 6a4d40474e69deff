"""The WSGI application the bench's gunicorn serves: the product's, with the bench's urlconf
(devtools.reference_api adds the reference endpoint). Development and benchmarking only."""

from django.conf import settings

from tracker.wsgi import application

settings.ROOT_URLCONF = "devtools.reference_api"

__all__ = ["application"]
