"""Settings for the barrier tracker, read from the environment only.

Unset `DEBUG` means the production profile: a real SECRET_KEY is required and the security
settings that `manage.py check --deploy` looks for are on. A forgotten variable must never open
debug pages, so the development profile is asked for explicitly with `DEBUG=true` (the Makefile
and the test settings do it). Other unset variables give the embedded default: SQLite, tasks
run in process, e-mail to the console.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (an unset DEBUG means production). Set "
            "SECRET_KEY to a long random value, or DEBUG=true for the development profile."
        )
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-run"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The client's address (barriers.accounts.security.client_ip, used by the lock-out, the audit log, allauth's
# rate limits and the API throttles): with TRUSTED_PROXY_COUNT=0 (no reverse proxy) the socket's
# address, and any X-Forwarded-For a client sends is ignored; behind N proxies that each append to
# X-Forwarded-For, the Nth address from its right (what the nearest trusted proxy saw).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")

# The development tools (devtools/: seed_demo, generate_data, bench, bench_exports, loadtest,
# fuzz_api) are no part of the product: on in the development profile when the package is there,
# or with DEVTOOLS=true (the tests, CI); off by default in production, and the wheel leaves them out.
DEVTOOLS = env_bool("DEVTOOLS", DEBUG and importlib.util.find_spec("devtools") is not None)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The public register's sitemap (barriers/public/sitemaps.py).
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "barriers",
    *(["devtools"] if DEVTOOLS else []),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Database unreachable: 503 with Retry-After instead of a 500 (docs/operations.md).
    "barriers.platform.resilience.DatabaseUnavailableMiddleware",
    # Content-Security-Policy on every response (policy below: no inline script or style).
    "csp.middleware.CSPMiddleware",
    # Bodies over the size limit: 413 before they are read; every 429 carries Retry-After.
    "barriers.platform.request_limits.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The exporter's chosen language (User.language) on every request; the portal in en or hi.
    "barriers.accounts.language.PortalLanguageMiddleware",
    # Officials' sessions end after OFFICIAL_SESSION_IDLE_SECONDS without a request.
    "barriers.accounts.security.OfficialIdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Officials without a second factor are sent to set one up before they use the admin.
    "barriers.accounts.mfa.OfficialsMFAMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"
ASGI_APPLICATION = "tracker.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL, default a SQLite file under VAR_DIR.
_database_url = env_str("DATABASE_URL")
if not _database_url:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database_url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
# Persistent connections on PostgreSQL: each web or worker process keeps its connection for up
# to DATABASE_CONN_MAX_AGE seconds (60 by default) instead of opening one per request (a new
# connection costs more than a small request's queries); the health check replaces one that died
# before a request uses it. 0 closes it after each request. Behind PgBouncer in transaction mode
# keep them, and set DATABASE_DISABLE_SERVER_SIDE_CURSORS=true (docs/operations.md).
_postgres_url = _database_url.startswith(("postgres://", "postgresql://", "pgsql://"))
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if _postgres_url else 0),
        conn_health_checks=True,
        disable_server_side_cursors=env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for the write lock instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Take the write lock when a transaction starts: a transaction that read first and writes
    # later would otherwise fail at once with "database is locked" (the timeout does not apply).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # The planner's cost of reading a page out of order, relative to reading in order (1.0).
    # PostgreSQL's default, 4, models spinning disks: with it, a search for a common word
    # ("frozen shrimps", 8,000 of 100,000 reports) reads the whole table and unpacks every row's
    # full-text document (1.6 s) instead of visiting the matches its GIN index lists (0.1 s).
    # 1.1 is the usual value for SSD and cloud storage; blank keeps the server's own setting
    # (behind PgBouncer in transaction mode, set it on the server or the database instead, and
    # leave this blank: PgBouncer refuses startup options unless told to ignore them).
    _random_page_cost = env_str("DATABASE_RANDOM_PAGE_COST", "1.1")
    if _random_page_cost:
        try:
            _page_cost = float(_random_page_cost)
        except ValueError:
            raise ImproperlyConfigured(
                f"DATABASE_RANDOM_PAGE_COST must be a number, not {_random_page_cost!r}."
            ) from None
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = (
            f"{_options.get('options', '')} -c random_page_cost={_page_cost}".strip()
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "barriers.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Time: stored in UTC, shown in India's time.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True
# Day month year and a 24-hour clock in the admin as in the portal (tracker/formats/en); Indian
# digit grouping (12,34,567) in the Hindi portal (tracker/formats/hi).
FORMAT_MODULE_PATH = ["tracker.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# Evidence files: outside the static files, served only through a view that checks access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
# FILE_STORAGE=s3 keeps evidence files in an S3-compatible bucket instead (AWS S3, MinIO, Ceph,
# Yandex Object Storage...), private: files still reach users only through the views that check
# access, which stream them from the bucket. Credentials may also come from the usual AWS_*
# variables or an instance role when S3_ACCESS_KEY_ID is left empty.
FILE_STORAGE = env_str("FILE_STORAGE", "filesystem")
if FILE_STORAGE == "filesystem":
    _default_storage: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif FILE_STORAGE == "s3":
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured("S3_BUCKET must be set when FILE_STORAGE is s3")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "location": env_str("S3_PREFIX", "evidence"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            # Never overwrite: a stored file is evidence (names are random anyway).
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(f"FILE_STORAGE must be filesystem or s3, not {FILE_STORAGE!r}")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# JSON bodies may nest arrays and objects this many levels deep (the API's own bodies need 3).
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)

# E-mail: console by default; EMAIL_BACKEND=file writes one file per message to EMAIL_FILE_PATH;
# EMAIL_BACKEND=smtp uses EMAIL_HOST and friends.
_email_backends = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "console")
EMAIL_BACKEND = _email_backends.get(_email_backend, _email_backend)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that stops answering must not hold a worker for minutes.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Barrier tracker <noreply@barriers.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Cache: local memory by default; CACHE_URL (Redis) shares the API throttles' counters across
# processes, as production must: `check --deploy` refuses a per-process cache (barriers.E001).
_cache_url = env_str("CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: no broker means tasks run in process, right after the transaction commits.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = env_bool("CELERY_TASK_EAGER_PROPAGATES", False)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "barriers")
# A task whose worker dies is delivered again: acknowledged only after it has run.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a request when the broker is down: the outbox keeps the e-mail and
# the beat sweep sends it. Measured with kombu 5.7 and redis-py 8.1, with only the timeout and
# publish-retry settings: a refused connection cost 2.0 s per publish (kombu sleeps, then tries
# again until the timeout), a host that drops packets 134 s (the kernel's SYN retries), and a
# Redis that accepts connections but never answers hung forever. `max_retries: 0` makes a
# publish try once (refused: 0.0 s); the socket timeouts bound the other two cases at 2 s. The
# worker reconnects on its own schedule (CELERY_BROKER_CONNECTION_MAX_RETRIES), and kombu's
# BRPOP (1 s) fits inside the socket timeout.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task reserved by a worker that died with it (SIGKILL, lost host) is delivered again after
    # this many seconds; a lost pool child is requeued at once (REJECT_ON_WORKER_LOST). It must
    # exceed every countdown (outbox_deliver's retry backoff is capped at 1 h) and every run time,
    # or Redis hands the task to a second worker early (docs/operations.md).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 3600),
    "max_retries": 0,
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
}
CELERY_TIMEZONE = "UTC"
# DatabaseScheduler behind a PostgreSQL advisory lock: a second `celery beat` refuses to start.
CELERY_BEAT_SCHEDULER = "barriers.platform.beat:SingleBeatScheduler"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "barriers.api.authentication.CompanyTokenAuthentication",
        "barriers.api.authentication.SecondFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON nested deeper than API_JSON_MAX_DEPTH is refused (400) before it is decoded.
    "DEFAULT_PARSER_CLASSES": [
        "barriers.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # JSON only in production: DRF's browsable pages carry inline styles the CSP refuses, and
    # clients have the OpenAPI docs at /api/v1/docs/. Kept for development.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "barriers.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # The throttles' client address: the same trusted proxies as barriers.accounts.security.client_ip.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "India–EAEU barrier tracker API",
    "DESCRIPTION": (
        "Exporters and export promotion councils file and follow reports of certification and "
        "approval delays; officials read barriers and quarterly meeting agendas."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "barriers.api.schema.allow_empty_query_values",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc served from the drf-spectacular-sidecar package: docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The agenda track and a regulator's remit are one choice set.
    "ENUM_NAME_OVERRIDES": {
        "RemitEnum": "barriers.models.Remit",
        "ReportStatusEnum": "barriers.models.ReportStatus",
        "BarrierStatusEnum": "barriers.models.BarrierStatus",
        "MeetingStatusEnum": "barriers.models.MeetingStatus",
        # Three fields named `kind` on the EAEU side: a legal basis's, an exchange's, and the
        # kinds each side may post.
        "LegalBasisKindEnum": "barriers.models.LegalBasisKind",
        "ExchangeKindEnum": "barriers.models.ExchangeKind",
        "CounterpartExchangeKindEnum": "barriers.api.exchange_serializers.EAEU_KINDS",
        "ReplyKindEnum": "barriers.api.exchange_serializers.REPLY_KINDS",
        # A document's kind on a barrier or meeting: letter, minutes, protocol, other.
        "CaseDocumentKindEnum": "barriers.models.CaseDocumentKind",
    },
}


def client_ip_settings(trusted_proxies: int) -> dict[str, object]:
    """django-ipware's settings (read through django-axes) for N trusted proxies.

    ipware counts only the proxies named in X-Forwarded-For: the nearest one is the socket's
    peer, so N trusted proxies leave N - 1 in the header. With none, only the socket counts.
    """
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": (
            ("HTTP_X_FORWARDED_FOR",) if trusted_proxies else ("REMOTE_ADDR",)
        ),
        "AXES_IPWARE_PROXY_COUNT": trusted_proxies - 1 if trusted_proxies else None,
    }


_client_ip = client_ip_settings(TRUSTED_PROXY_COUNT)
AXES_IPWARE_META_PRECEDENCE_ORDER = _client_ip["AXES_IPWARE_META_PRECEDENCE_ORDER"]
AXES_IPWARE_PROXY_COUNT = _client_ip["AXES_IPWARE_PROXY_COUNT"]
# A header with more addresses than proxies (a client's own X-Forwarded-For in front) is read
# from the right, not discarded.
IPWARE_STRICT = False

# Login lock-out (django-axes): failures are counted per account and per (account, address),
# never per address alone, so failures on one account do not lock out the other exporters who
# share an office NAT or the reverse proxy. A lock-out answers 429 with Retry-After
# (barriers.accounts.security.lockout_response). Failures are counted in the database (AccessAttempt
# rows), which every process and host shares; no cache is involved.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "barriers.accounts.security.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# allauth authenticates with `email`, the admin with `username`: count both against the address.
AXES_USERNAME_CALLABLE = "barriers.accounts.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

# Portal accounts (django-allauth): sign in with an e-mail address, confirmed before first use.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/reports/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Barrier tracker] "
# Sign-up also registers the company; choosing a password through an e-mailed link (how invited
# colleagues start) confirms the address.
# The project's client address for allauth's rate limits, and django-axes as the one counter of
# wrong passwords (barriers.accounts.security.AccountAdapter).
ACCOUNT_ADAPTER = "barriers.accounts.security.AccountAdapter"
# allauth's defaults count sign-ins and failures per address too ("30/m/ip", "10/m/ip"): one
# client failing would lock out everyone behind the same address. Wrong passwords are axes'
# (above); wrong second-factor codes are limited per account here.
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": "5/5m/key"}
ACCOUNT_FORMS = {
    "login": "barriers.portal.forms.PortalLoginForm",
    "signup": "barriers.portal.forms.PortalSignupForm",
    "reset_password": "barriers.portal.forms.PortalResetPasswordForm",
    "reset_password_from_key": "barriers.portal.forms.PortalSetPasswordForm",
}

# Second factor (allauth.mfa): authenticator-app codes (TOTP) and recovery codes. With
# OFFICIALS_REQUIRE_MFA on (the production default) an official must set up TOTP before using the
# admin, and signing in asks for a code; exporters may add one but are never forced.
OFFICIALS_REQUIRE_MFA = env_bool("OFFICIALS_REQUIRE_MFA", not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Officials' API tokens stop working this long after they were issued (barriers/api/
# authentication.py: 401 `token_expired`); exporters' tokens do not expire.
_officials_token_minutes = env_int("OFFICIALS_API_TOKEN_TTL_MINUTES", 8 * 60)
if _officials_token_minutes <= 0:
    raise ImproperlyConfigured("OFFICIALS_API_TOKEN_TTL_MINUTES must be more than 0")
OFFICIALS_API_TOKEN_TTL = timedelta(minutes=_officials_token_minutes)
MFA_TOTP_ISSUER = "India-EAEU barrier tracker"

# Domain settings.
TRIAGE_FIRST_DECISION_TARGET_WORKING_DAYS = env_int("TRIAGE_FIRST_DECISION_TARGET_WORKING_DAYS", 10)
# Deadlines on a barrier shared with its regulator, in working days on the calendar of the side
# that owes the answer (barriers/domain/workdays.py). ASEAN ASSIST's are the defaults: 10 to
# acknowledge, 40 to propose a solution; India answers a request for clarification in 10.
COUNTERPART_ACKNOWLEDGE_WORKING_DAYS = env_int("COUNTERPART_ACKNOWLEDGE_WORKING_DAYS", 10)
COUNTERPART_PROPOSE_WORKING_DAYS = env_int("COUNTERPART_PROPOSE_WORKING_DAYS", 40)
INDIA_CLARIFICATION_ANSWER_WORKING_DAYS = env_int("INDIA_CLARIFICATION_ANSWER_WORKING_DAYS", 10)
# The reminder before a deadline goes this many working days ahead; the one after, the day after.
DEADLINE_REMINDER_WORKING_DAYS_BEFORE = env_int("DEADLINE_REMINDER_WORKING_DAYS_BEFORE", 3)
# An exporter answers officials' request for information within this many of India's working
# days; reminded this many working days before, and once it lapses (when the report goes back
# to the triage queue, flagged).
INFO_REQUEST_WORKING_DAYS = env_int("INFO_REQUEST_WORKING_DAYS", 10)
INFO_REQUEST_REMINDER_WORKING_DAYS_BEFORE = env_int("INFO_REQUEST_REMINDER_WORKING_DAYS_BEFORE", 2)
# The agenda score counts an exporter's declared figures only up to these caps until a triage
# officer verifies them (services.report_verify_figures); a verified figure counts in full.
DECLARED_TRADE_VALUE_CAP_USD = env_int("DECLARED_TRADE_VALUE_CAP_USD", 100_000)
DECLARED_CONSIGNMENTS_CAP = env_int("DECLARED_CONSIGNMENTS_CAP", 5)
REFERENCE_YEAR_TIME_ZONE = TIME_ZONE

# Production profile: everything `check --deploy` asks for, each overridable.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Officials see every company's data: their sessions end after this many seconds without a
# request (barriers.accounts.security). Exporters keep SESSION_COOKIE_AGE.
OFFICIAL_SESSION_IDLE_SECONDS = env_int("OFFICIAL_SESSION_IDLE_SECONDS", 30 * 60)

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, never
# inline; the portal, the admin and the API docs (Swagger UI from drf-spectacular-sidecar, its
# setup script served as a file by SpectacularSwaggerSplitView) all work under it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Admin exports and imports (django-import-export): whoever may view a list may export it;
# importing reports needs the permission to add them (triage officers).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Meeting documents (agenda and outcomes): from this many items on, a Celery task builds the file
# and the API answers 202 with a status URL; smaller ones are returned at once.
EXPORT_ASYNC_MIN_ITEMS = env_int("EXPORT_ASYNC_MIN_ITEMS", 100)
# After each change of what a meeting's documents show, a worker rebuilds them so that downloads
# are served from storage (barriers/services/documents.py). On by default where a worker exists
# (a broker is configured): with tasks run in process it would slow every agenda edit by the
# renders, and a download builds the document anyway.
EXPORT_PREBUILD = env_bool("EXPORT_PREBUILD", bool(CELERY_BROKER_URL))
# The worker loads the export task from barriers.exports, beside the app's own tasks module.
CELERY_IMPORTS = ("barriers.exports.tasks",)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
