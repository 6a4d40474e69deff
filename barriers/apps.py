from django.apps import AppConfig


class BarriersConfig(AppConfig):
    name = "barriers"
    verbose_name = "Barriers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The audit log listens to sign-ins (barriers/audit.py).
        from barriers import audit

        audit.connect()
        # Setting up TOTP counts as giving the second factor (barriers/mfa.py).
        from barriers import mfa

        mfa.connect()
        # System checks: per-process throttle and lock-out state (barriers.E001, E002).
        from barriers import checks  # noqa: F401
