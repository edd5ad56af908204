"""Linkwell settings: one module, driven by environment variables (see docs/configuration.md)."""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LINKWELL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# pytest sets PYTEST_VERSION for the whole session; tests run tasks inline and skip real email.
TESTING = "PYTEST_VERSION" in os.environ

DEBUG = env_bool("DEBUG", True)

# A fixed key is only acceptable for a developer's own machine: it signs sessions and reset links.
DEVELOPMENT_SECRET_KEY = "linkwell-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Linkwell needs a long random SECRET_KEY "
            "in the environment, for example from: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, used in links sent by email (password reset and later notifications).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "linkwell.core",
    "linkwell.accounts",
    "linkwell.audit",
    "linkwell.notifications",
    "linkwell.directory",
    "linkwell.oruk",
    "linkwell.people",
    "linkwell.referrals",
    "linkwell.casework",
    "linkwell.outcomes",
    "linkwell.reports",
    "linkwell.matching",
    "linkwell.clients",
    "linkwell.fhir",
]

MIDDLEWARE = [
    "linkwell.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the login view's outcome and turns a lockout into our throttled page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "linkwell.urls"
WSGI_APPLICATION = "linkwell.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "linkwell.jinja2_env.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "linkwell.core.context_processors.layout",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DEFAULT_SQLITE_PATH = VAR_DIR / "linkwell.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
try:
    # Served with DEBUG off, a connection is kept for reuse: opening one per request (a new PostgreSQL backend
    # process each time) cut intake throughput to a quarter (docs/performance.md). runserver starts a thread
    # per request, which cannot reuse them, so development keeps Django's default of closing each one.
    _conn_max_age = env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60)
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=_conn_max_age, conn_health_checks=_conn_max_age > 0)
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address Linkwell understands: {error}") from None

# No JIT compilation: PostgreSQL compiles any query its planner costs above 100,000, and a report's query over
# a few weeks of facts at 5M referrals spent 28 to 62 ms compiling to run in 45 to 110 ms (docs/performance.md).
# Bulk rebuilds turn it back on (reports.bulk_schema.BULK_SETTINGS).
POSTGRESQL_SESSION_OPTIONS = "-c jit=off"
POSTGRESQL_ENGINE = "linkwell.lib.postgresql"
if _database["ENGINE"] == "django.db.backends.sqlite3":
    if _database["NAME"] != ":memory:":
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers carry on while one writer commits; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on the busy timeout instead of failing with "database is locked".
    _database["OPTIONS"] = {
        # A 64 MB page cache and memory-mapped reads keep directory searches off the disk.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
    }
    _database["TEST"] = {"NAME": None}
elif _database["ENGINE"] in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
    # Django's backend with a health check that needs no round trip (linkwell/lib/postgresql/base.py).
    _database["ENGINE"] = POSTGRESQL_ENGINE
    # Statements run through linkwell.lib.rows (the intake's hot path) are prepared on the connection after
    # this many runs; Django's own queries bind on the client and are never prepared. 0 turns it off, for a
    # connection pooler in transaction mode that cannot keep prepared statements.
    _prepare_after = env_int("DATABASE_PREPARE_THRESHOLD", 5)
    _database["OPTIONS"] = {"prepare_threshold": _prepare_after or None, "options": POSTGRESQL_SESSION_OPTIONS}
else:
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:/// or postgres:// address.")
DATABASES = {"default": _database}
# Reports may read from a PostgreSQL read replica (linkwell/reports/routers.py); writes always go to default.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    try:
        _replica = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=_conn_max_age, conn_health_checks=_conn_max_age > 0
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URL is not a database address Linkwell understands: {error}"
        ) from None
    if _replica["ENGINE"] not in {"django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"}:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be a postgres:// address (a read replica of DATABASE_URL)."
        )
    _replica["ENGINE"] = POSTGRESQL_ENGINE
    _replica["OPTIONS"] = {"options": POSTGRESQL_SESSION_OPTIONS}
    # Tests have no real replica: the alias reads the test database itself.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["linkwell.reports.routers.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, sessions and login throttling ----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # an hour: the link travels by email
if TESTING:
    # Deliberately slow hashing is the point in production and only slows the suite down.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions end after this long without a request (each request pushes the expiry forward).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
# Lock the pair (account, address): one address cannot guess at an account, yet an attacker
# cannot lock a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # our own audit log records sign-ins
AXES_LOCKOUT_CALLABLE = "linkwell.accounts.throttling.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "linkwell.lib.http.client_ip"
AXES_USERNAME_CALLABLE = "linkwell.accounts.throttling.attempted_email"
AXES_VERBOSE = False

# How many reverse proxies sit in front of the app; their X-Forwarded-For entries are trusted.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Security headers (strict unless DEBUG) -----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Time: stored in UTC, shown in UK time ------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# --- Static files: the NHS.UK frontend from npm, served by WhiteNoise ---------------------------
NHSUK_FRONTEND_DIST = BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
# nhsuk-frontend's CSS points at /assets/images/…, so static files live under /assets/.
STATIC_URL = "/assets/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [
    ("nhsuk", NHSUK_FRONTEND_DIST),
    NHSUK_FRONTEND_DIST / "assets",
    # Linkwell's own stylesheet and scripts (linkwell/linkwell.css…): the project package is not an app,
    # so the app-directories finder does not look here.
    Path(__file__).resolve().parent / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG and not TESTING
if WHITENOISE_USE_FINDERS:
    # Files come from the finders; the (empty) folder only stops WhiteNoise warning that it is missing.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Linkwell <noreply@linkwell.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Notifications (see linkwell/notifications/backends.py) --------------------------------------
# Email: "django" uses EMAIL_BACKEND above; "notify" uses GOV.UK Notify. Texts: "console", "file" or "notify".
NOTIFICATIONS_EMAIL_BACKEND = os.environ.get("NOTIFICATIONS_EMAIL_BACKEND", "django")
NOTIFICATIONS_SMS_BACKEND = os.environ.get("NOTIFICATIONS_SMS_BACKEND", "console")
NOTIFICATIONS_FILE_DIR = Path(os.environ.get("NOTIFICATIONS_FILE_DIR", VAR_DIR / "notifications"))
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_TIMEOUT = env_int("NOTIFY_TIMEOUT", 10)
try:
    # Our template names ("emails/referrals/received_referrer") to Notify template ids.
    NOTIFY_TEMPLATE_IDS: dict[str, str] = json.loads(os.environ.get("NOTIFY_TEMPLATE_IDS") or "{}")
except json.JSONDecodeError:
    raise ImproperlyConfigured("NOTIFY_TEMPLATE_IDS must be a JSON object of template name to Notify id.") from None

# --- Background tasks ----------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
        ),
        "QUEUES": ["default"],
    }
}

# --- Logging: one JSON object per line on stdout ------------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING" if TESTING else "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "linkwell.lib.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Our request log replaces Django's own per-request lines.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}
CSRF_FAILURE_VIEW = "linkwell.core.views.csrf_failure"
