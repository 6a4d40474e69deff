from django.apps import AppConfig


class BarriersConfig(AppConfig):
    name = "barriers"
    verbose_name = "Barriers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The audit log listens to sign-ins (barriers/accounts/audit.py).
        from barriers.accounts import audit

        audit.connect()
        # Setting up TOTP counts as giving the second factor (barriers/accounts/mfa.py).
        from barriers.accounts import mfa

        mfa.connect()
        # System checks: per-process throttle and lock-out state (barriers.E001, E002).
        from barriers import checks  # noqa: F401

        # The meeting documents' build task, registered in every process: the services send it
        # by name after a change (they do not import the exports; barriers/services/documents.py).
        from barriers.exports import tasks as export_tasks  # noqa: F401
