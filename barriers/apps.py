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
        # Reference data kept per process is read again when a row of it changes.
        from django.db.models.signals import post_delete, post_save

        from barriers.domain import report_rules

        for model in report_rules.REFERENCE_DATA_MODELS:
            post_save.connect(
                report_rules.reference_data_changed, sender=model, dispatch_uid="reference-data"
            )
            post_delete.connect(
                report_rules.reference_data_changed, sender=model, dispatch_uid="reference-data"
            )
        # System checks: per-process throttle and lock-out state (barriers.E001, E002).
        from barriers import checks  # noqa: F401

        # The meeting documents' build task, registered in every process: the services send it
        # by name after a change (they do not import the exports; barriers/services/documents.py).
        from barriers.exports import tasks as export_tasks  # noqa: F401
