"""The test profile: the development settings (`DEBUG=true`), asked for explicitly.

An unset DEBUG means production (tracker/settings.py), so the tests say which profile they run
in. pytest-django imports the settings module named in pyproject.toml before any conftest.py is
loaded, so this module is where the environment can still be set, whether pytest is started as
`pytest` or `python -m pytest`. The suite is written for this profile (`DEBUG=false` in the
environment is honoured, but the suite does not pass there: production redirects to HTTPS and
asks officials for a second factor); production behaviour is tested by the tests that start
production processes or override those settings.

The processes the tests start (manage.py, gunicorn, Celery workers) inherit the environment, so
they are pointed at the project's own settings with the same profile. The development tools
(devtools/) are installed in both profiles (`DEVTOOLS=true`): the tests run their commands.

Under pytest-xdist (`-n 2`) each test process gets its own files directory and its own Celery
queue, as it gets its own test database: a worker started by one process must never take a task
that another process sent to a database it cannot see.
"""

import os
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
# The development tools (seed_demo, bench, loadtest...) in both profiles: tests run them.
os.environ.setdefault("DEVTOOLS", "true")
os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _xdist_worker:
    _base = Path(os.environ.get("VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
    os.environ["VAR_DIR"] = str(_base / _xdist_worker)
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = (
        f"{os.environ.get('CELERY_TASK_DEFAULT_QUEUE') or 'barriers'}-{_xdist_worker}"
    )

from tracker.settings import *  # noqa: E402, F403

# Meeting documents are rebuilt after each change only in the tests that say so (settings
# fixture): otherwise every agenda edit in the suite would render its documents.
EXPORT_PREBUILD = False
