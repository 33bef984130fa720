"""Settings for TPS Khusus, read from environment variables.

DATABASE_URL         unset: SQLite file db.sqlite3 in the project folder; otherwise e.g.
                     postgres://postgres@127.0.0.1:5432/tps_khusus
SECRET_KEY           required in production (check --deploy fails without it)
DEBUG                "1" turns debug on (make run does); off by default
ALLOWED_HOSTS        comma-separated host names
SECURE_SSL_REDIRECT  "0" behind a TLS-terminating proxy that already redirects
BEHIND_TLS_PROXY     "1" to trust X-Forwarded-Proto from that proxy
TPS_PROXY_COUNT      number of reverse proxies in front that append to X-Forwarded-For (0: none)
TPS_LOGIN_FAILURES, TPS_LOGIN_COOLOFF_MINUTES, TPS_SESSION_IDLE_MINUTES, TPS_SESSION_MAX_HOURS:
                     sign-in lock-out and session limits (README, "Configuration")
TPS_EXPORT_KEEP_HOURS, TPS_EXPORT_STORAGE, TPS_EXPORT_DIR, TPS_EXPORT_STORAGE_BACKEND,
TPS_EXPORT_STORAGE_OPTIONS: background exports and where their files wait (docs/deploy.md)
TPS_IMPORT_PENDING_DIR: a folder shared by the app servers for dapil uploads awaiting confirmation
"""

import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
# Without SECRET_KEY a development key is used; its "django-insecure-" prefix makes
# `manage.py check --deploy` fail loudly, so production cannot run on it unnoticed.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-tps-khusus-development-key-only"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "simple_history",
    "regions",
    "accounts",
    "inmates",
    "registration",
    "pdpb",
    "audit",
    "portal",
]
# Security apps (issue 12): login lock-out and the Content-Security-Policy header.
INSTALLED_APPS += ["axes", "csp"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, so static files keep their caching; every page and download is no-store.
    "accounts.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Needs the user, the session and messages: signs out after inactivity or a working day.
    "accounts.middleware.SessionLimitsMiddleware",
    "inmates.middleware.RegistryFeedbackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tps_khusus.urls"
WSGI_APPLICATION = "tps_khusus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so project templates (templates/regions/) serve them too.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a management command share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 12 characters: OWASP ASVS level 2 (V2.1.1).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every sign-in (site and admin) before the model backend does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or envbool("PLAIN_STATIC_STORAGE", False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Inmate import limits; the import gives its own clear message before Django's limits apply.
TPS_IMPORT_MAX_BYTES = envint("TPS_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
TPS_IMPORT_MAX_ROWS = envint("TPS_IMPORT_MAX_ROWS", 60_000)
# Uploaded workbooks are read in a child process with these limits (tps_khusus/sandbox.py), so that
# a parser that crashes or a file built to exhaust memory cannot take a web worker or a command down.
# Reading the 60,000-row template takes about 3 s and a few hundred MB.
TPS_IMPORT_PARSE_MEMORY_MB = envint("TPS_IMPORT_PARSE_MEMORY_MB", 1024)
TPS_IMPORT_PARSE_SECONDS = envint("TPS_IMPORT_PARSE_SECONDS", 60)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# NIK, or names with birth dates, one user may have compared with other facilities' stays in a day
# (distinct ones; the form, the admin and the import): inmates/crosscheck.py, docs/security.md.
TPS_CROSS_CHECKS_PER_DAY = envint("TPS_CROSS_CHECKS_PER_DAY", 10_000)

# Published (masked) voter lists, the one place that decides what they show (docs/export.md "The published
# copy"). A prison TPS's list says that everyone on it is held: a criminal record, specific personal data
# under UU 27/2022 Pasal 4(2). NIK/NKK keep their first TPS_MASK_KEEP digits (the kecamatan, as KPU masked
# them in 2020), the rest become TPS_MASK_CHAR; the birth date shows only its year; the columns named in
# TPS_PUBLISHED_HIDE are left out (KPU publishes no full NIK, NKK, birth date or disability; we also leave
# out the street, RT/RW and birth place). KPU's exact 2024 pattern is unconfirmed (docs/unconfirmed.md).
TPS_MASK_KEEP = envint("TPS_MASK_KEEP", 6)
TPS_MASK_CHAR = os.environ.get("TPS_MASK_CHAR") or "*"
TPS_PUBLISHED_HIDE = envlist("TPS_PUBLISHED_HIDE", "TEMPAT LAHIR,ALAMAT,RT,RW,DISABILITAS")

# Production security follows from DEBUG being off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Sessions end after TPS_SESSION_IDLE_MINUTES without a request and, at the latest,
# TPS_SESSION_MAX_HOURS after signing in (one working day): accounts/middleware.py.
TPS_SESSION_IDLE_MINUTES = envint("TPS_SESSION_IDLE_MINUTES", 30)
TPS_SESSION_MAX_HOURS = envint("TPS_SESSION_MAX_HOURS", 8)
SESSION_COOKIE_AGE = TPS_SESSION_MAX_HOURS * 60 * 60  # the data is personal

# Sign-in lock-out (django-axes): TPS_LOGIN_FAILURES failed sign-ins for one user name, or from
# one IP address, lock it for TPS_LOGIN_COOLOFF_MINUTES after the last failure. Admins unlock in
# the admin (Percobaan akses) or with `manage.py axes_reset_username NAME` / `axes_reset_ip IP`.
TPS_LOGIN_FAILURES = envint("TPS_LOGIN_FAILURES", 5)
TPS_LOGIN_COOLOFF_MINUTES = envint("TPS_LOGIN_COOLOFF_MINUTES", 30)
TPS_PROXY_COUNT = envint("TPS_PROXY_COUNT", 0)
AXES_FAILURE_LIMIT = TPS_LOGIN_FAILURES
AXES_COOLOFF_TIME = "accounts.security.login_cool_off"  # read per request, so tests can change it
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per user and per IP
AXES_LOCKOUT_CALLABLE = "accounts.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # keep every failure, also those made while locked out
AXES_HTTP_RESPONSE_CODE = 429

# Content-Security-Policy (django-csp): nothing inline, nothing from another host. Bootstrap's CSS
# draws its icons (select arrow, check box, close button) as data: SVG images, hence img-src data:.
# The Django admin of 5.2 runs under the same policy (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Background jobs (issue 15): an export larger than one facility (an area's DPT or recap) is made by
# the task worker, not in the web request. django-tasks with its database backend: the queue is a
# table in this database, so there is no extra service and every app server sees the same queue;
# `manage.py db_worker` runs the tasks (`make worker`; docs/deploy.md).
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "jobs"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A finished file is kept for its requester alone for TPS_EXPORT_KEEP_HOURS, then deleted.
TPS_EXPORT_KEEP_HOURS = envint("TPS_EXPORT_KEEP_HOURS", 24)
# The files go through Django's storage API under this alias. The default is a private folder
# (TPS_EXPORT_DIR), which several app servers must share (NFS); or point the alias to an object store,
# e.g. TPS_EXPORT_STORAGE_BACKEND=storages.backends.s3.S3Storage with its options as JSON in
# TPS_EXPORT_STORAGE_OPTIONS (django-storages, installed separately; docs/deploy.md). TPS_EXPORT_STORAGE
# names another alias of STORAGES, for a deployment that defines its own.
TPS_EXPORT_STORAGE = os.environ.get("TPS_EXPORT_STORAGE") or "exports"
TPS_EXPORT_DIR = Path(os.environ.get("TPS_EXPORT_DIR") or BASE_DIR / "var" / "exports")
STORAGES["exports"] = {
    "BACKEND": os.environ.get("TPS_EXPORT_STORAGE_BACKEND") or "django.core.files.storage.FileSystemStorage",
    "OPTIONS": json.loads(os.environ["TPS_EXPORT_STORAGE_OPTIONS"]) if os.environ.get("TPS_EXPORT_STORAGE_OPTIONS")
    else {"location": TPS_EXPORT_DIR, "file_permissions_mode": 0o600,
          "directory_permissions_mode": 0o700},
}
# The load balancer asks /sehat/ over plain HTTP on each app server: no redirect to HTTPS there.
SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]
# The admin's dapil upload waits in a folder between its check and its confirmation (regions/uploads.py);
# with several app servers that folder must be shared (unset: the system's temporary folder).
TPS_IMPORT_PENDING_DIR = os.environ.get("TPS_IMPORT_PENDING_DIR") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# PDPB (issue 14): a facility's quarterly mutations are due at KPU this many days after the quarter
# ends (unconfirmed: docs/unconfirmed.md); an uploaded DPB extract is kept this many days at most.
PDPB_SUBMIT_DAYS = envint("PDPB_SUBMIT_DAYS", 7)
PDPB_EXTRACT_KEEP_DAYS = envint("PDPB_EXTRACT_KEEP_DAYS", 30)
PDPB_EXTRACT_MAX_ROWS = envint("PDPB_EXTRACT_MAX_ROWS", 100_000)
