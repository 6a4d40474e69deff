"""The load test of issue 8: `manage.py loadtest` drives `locustfile.py` against gunicorn.

`harness` prepares the exporters, starts the Celery worker, runs locust, reads its figures and
checks the database and the e-mail files afterwards. `locustfile` is what each simulated
exporter does; locust loads it by path and it imports nothing from Django.
"""
