"""The test profile: the development settings (`DEBUG=true`), asked for explicitly.

An unset DEBUG means production (tracker/settings.py), so the tests say which profile they run
in. pytest-django imports the settings module named in pyproject.toml before any conftest.py is
loaded, so this module is where the environment can still be set, whether pytest is started as
`pytest` or `python -m pytest`. `DEBUG=false` in the environment still wins, to run the suite
against the production profile.

The processes the tests start (manage.py, gunicorn, Celery workers) inherit the environment, so
they are pointed at the project's own settings with the same profile.
"""

import os

os.environ.setdefault("DEBUG", "true")
os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"

from tracker.settings import *  # noqa: F403
