"""Django settings for Spotlight.

The database is chosen by DATABASE_URL: SQLite (WAL) by default, PostgreSQL in CI and
production. Nothing here logs request bodies, note text or sealed details.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE

from spotlight import clock

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SPOTLIGHT_VAR_DIR") or BASE_DIR / "var")  # empty means unset
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("SPOTLIGHT_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("SPOTLIGHT_SECRET_KEY", "")
if not SECRET_KEY:
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = [h for h in os.environ.get("SPOTLIGHT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "spotlight.access.admin_config.SpotlightAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "spotlight.ui",
    "spotlight.access",
    "spotlight.cases",
    "spotlight.family",
    "spotlight.reviews",
    "spotlight.pattern",
    "spotlight.casework",
    "spotlight.documents",
    "spotlight.risk",
    "spotlight.outcomes",
    "spotlight.wins",
    "spotlight.plans",
    "spotlight.marac",
    "spotlight.sharing",
    "spotlight.frontdoor",
    "spotlight.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "spotlight.access.middleware.RequireSecondFactor",
    "spotlight.ui.middleware.RefuseControlCharacters",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "spotlight.ui.middleware.NoStore",
]

ROOT_URLCONF = "spotlight.urls"
WSGI_APPLICATION = "spotlight.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spotlight.ui.context_processors.spotlight",
            ],
            "builtins": ["spotlight.ui.templatetags.spotlight_ui"],
        },
    }
]
FORM_RENDERER = "spotlight.ui.forms.GovukFormRenderer"

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'spotlight.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

#: Background work (archive language reviews) goes through the database: no extra broker.
#: Run the worker with `spotlight manage db_worker` (`spotlight demo` starts one for you).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "caseload"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},  # her own names
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
#: Argon2 first: new and changed passwords are hashed with it; older hashes still verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]

#: Throttling and lockout (django-axes): five wrong passwords for one account from one address lock
#: that pair out for 15 minutes. Failures and lockouts are in Spotlight's own access log as well.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

#: The second factor (django-otp): an authenticator app's six-digit code, or a one-time recovery code.
OTP_TOTP_ISSUER = "Spotlight"

#: In production Spotlight is served only over HTTPS, with TLS ended in front of it (docs/deployment.md):
#: SPOTLIGHT_HTTPS=1 turns on secure cookies, the redirect to HTTPS and HSTS, and trusts the proxy's
#: X-Forwarded-Proto header. `spotlight manage check --deploy` then prints no warning.
HTTPS = os.environ.get("SPOTLIGHT_HTTPS", "0") == "1"
SESSION_COOKIE_HTTPONLY = True
#: Signed out after 30 minutes without a page (a warning comes 5 minutes before), and when the browser
#: closes: the cookie is a browser session's.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_WARNING_SECONDS = 5 * 60
SESSION_COOKIE_SECURE = HTTPS or os.environ.get("SPOTLIGHT_SECURE_COOKIES", "0") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
#: Asking browsers to preload HSTS binds every subdomain of the authority's domain, everywhere: that
#: is the domain owner's decision (SPOTLIGHT_HSTS_PRELOAD=1), so check --deploy is not asked to warn.
SECURE_HSTS_PRELOAD = HTTPS and os.environ.get("SPOTLIGHT_HSTS_PRELOAD", "0") == "1"
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

#: Scripts and styles come only from Spotlight's own files: no inline script or style (but the printable
#: reports' style element, allowed by a nonce), nothing from elsewhere, no eval (the charts use Vega's
#: expression interpreter). django-csp sends the header.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],  # the printable reports' one style element, by its nonce
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = clock.TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Charts: Vega, Vega-Lite and vega-embed's own builds, served from here (never a CDN).
    ("vega", NODE_MODULES / "vega" / "build"),
    ("vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vega-embed", NODE_MODULES / "vega-embed" / "build"),
    ("js", BASE_DIR / "spotlight" / "static" / "js"),
    ("css", BASE_DIR / "spotlight" / "static" / "css"),
    ("build", BASE_DIR / "spotlight" / "static" / "build"),
]
WHITENOISE_USE_FINDERS = True
#: `spotlight serve` collects the static files into STATIC_ROOT, compressed (gzip and Brotli where
#: available): WhiteNoise serves them from there without touching Django's views.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Documents attached to families: outside the database, under VAR_DIR/documents, each under a random
    # name, readable by Spotlight's own account only, and given out only through the read gate.
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": VAR_DIR / "documents",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
}

#: Documents (spotlight.documents): the kinds a worker chooses from (id: label; an id in use stays
#: readable if taken off the list), which kinds of file Spotlight keeps (each checked by the ending of
#: its name and by its first bytes: see spotlight/documents/domain/files.py) and the largest file kept.
SPOTLIGHT_DOCUMENT_KINDS = {
    "police_report": "Police report",
    "letter": "Letter",
    "assessment": "Assessment",
    "court_document": "Court document",
    "other": "Other",
}
SPOTLIGHT_DOCUMENT_FILE_TYPES = ["pdf", "docx", "png", "jpeg", "txt"]
SPOTLIGHT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
#: A file larger than that is not read past the limit (the form then says it is too big).
FILE_UPLOAD_HANDLERS = [
    "spotlight.documents.forms.RefuseLargeFiles",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
WHITENOISE_AUTOREFRESH = DEBUG


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query_strings": {"()": "spotlight.ui.logging.StripQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_query_strings"]}},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
