"""
Settings for newsroom: one module, driven by environment variables.

Every variable is listed in README.md. With none set, the project runs on an
embedded SQLite database in DEBUG mode, which is what `make run` wants.

DJANGO_DEBUG's default depends on the entry point:

- manage.py (runserver, migrate, load_demo, ...) and the tests: DEBUG on, the
  default below;
- newsroom/wsgi.py and newsroom/asgi.py (gunicorn, uvicorn, ...): DEBUG off;
  they set DJANGO_DEBUG=0 unless it is already set, so a production server
  without DJANGO_SECRET_KEY refuses to start instead of running in DEBUG mode
  with the development key.

An explicit DJANGO_DEBUG always wins.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django.conf.locale
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# On when unset: manage.py and the tests. newsroom/wsgi.py and newsroom/asgi.py
# default DJANGO_DEBUG to 0 before the settings load (see the docstring).
DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "django-insecure-newsroom-development-key-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "csp",
    # Admin login throttling (AXES_* below).
    "axes",
    "django_prose_editor",
    # Story revisions: compared and restored in the admin (articles/revisions.py).
    "reversion",
    # comments first: its load_demo (stories plus comments) overrides articles' own.
    "comments",
    "articles",
    # The read-only public JSON API under /api/v1/ (docs/api.md).
    "api",
    # Background tasks (django-tasks) and their queue table, run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses what the page cache has not compressed already (it stores pages
    # gzipped once); above everything that writes a body, below nothing that reads it.
    "django.middleware.gzip.GZipMiddleware",
    # ETag / Last-Modified answers: 304 Not Modified for unchanged public pages.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL's edition prefix (/ckb/...); on the admin and moderation
    # pages from the staff member's choice (it does LocaleMiddleware's job). Before
    # CommonMiddleware, as Django asks of LocaleMiddleware.
    "articles.editions.middleware.EditionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "articles.stories.context_processors.site",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://user@host/db) overrides it.
DATABASES = {
    # An empty DATABASE_URL counts as unset.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor saves; IMMEDIATE takes the write lock
    # at BEGIN, so two concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Persistent connections (DJANGO_CONN_MAX_AGE, above) as on PostgreSQL: opening one
    # runs the pragmas and registers Django's SQL functions, about a third of a story
    # page rendered from nothing (docs/performance.md).

# Caching: local memory by default (one process); Redis when REDIS_URL is set, which
# every deployment with more than one process needs (page-cache generations are shared).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.pagecache.redis.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            # A dead cache must cost milliseconds, not the default timeouts.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Page-cache generations (newsroom/pagecache/) live in the cache by default: one round
# trip per page-cache hit, exact across hosts. On a single host, a file that every
# process maps into memory makes a hit need no round trip: set it (the same path) for
# every web worker, command and cron job, and only when they all run on this host.
NEWSROOM_PAGE_GENERATIONS_FILE = os.environ.get("NEWSROOM_PAGE_GENERATIONS_FILE", "")

# Anonymous readers' pages: how long the app keeps them (invalidation is exact, so this
# only bounds memory), and what browsers and CDNs are told.
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "600"))
# Each process also keeps its latest pages in memory, in front of Redis (up to this many
# bytes; 0: off). Exact all the same: see newsroom.pagecache.LocalPages.
NEWSROOM_PAGE_CACHE_LOCAL_BYTES = int(
    os.environ.get("NEWSROOM_PAGE_CACHE_LOCAL_BYTES", str(32 * 1024 * 1024 if REDIS_URL else 0))
)
# Browsers revalidate every time (a cheap 304 from the page cache), so a reader never
# sees their own stale copy; CDNs may keep a page for s-maxage seconds.
NEWSROOM_PUBLIC_CACHE_CONTROL = {
    "public": True,
    "max_age": 0,
    "s_maxage": int(os.environ.get("NEWSROOM_CDN_MAX_AGE", "2")),
    "stale_while_revalidate": 30,
    "stale_if_error": 86400,
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The newsroom's own zone: the English edition's, the admin's and the logs'. Each
# edition shows its readers its own (NEWSROOM_EDITIONS below).
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "America/New_York")
USE_I18N = True

# Kurmanji has no locale in Django: its name and direction are registered here, and its
# catalog (locale/kmr) is the project's own. docs/editions.md explains the codes.
django.conf.locale.LANG_INFO.setdefault(
    "kmr",
    {"bidi": False, "code": "kmr", "name": "Northern Kurdish (Kurmanji)", "name_local": "Kurmancî"},
)
LANGUAGES = [
    ("en", "English"),
    ("ckb", "کوردی"),
    ("ar", "العربية"),
    ("kmr", "Kurmancî"),
]
# The project's catalogs first; then Django's own strings (the admin, form errors, dates)
# in Kurmanji, for which Django ships no catalog.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "newsroom" / "locale"]
# Dates and numbers per language; Kurmanji's formats are the project's own.
FORMAT_MODULE_PATH = ["newsroom.formats"]

# The editions (articles/editions/registry.py): one per desk, each a language with its
# direction, the codes it is announced with, its search rules and its zone.
NEWSROOM_EDITIONS = [
    {
        "code": "en",
        "name": "English",
        "english_name": "English",
        "language": "en",
        "direction": "ltr",
        "hreflang": "en",
        "in_language": "en",
        "og_locale": "en_US",
        "search_rules": "english",
        "time_zone": TIME_ZONE,
        "tagline": "Independent news from the coast and beyond",
    },
    {
        "code": "ckb",
        "name": "کوردی",
        "english_name": "Sorani Kurdish",
        "language": "ckb",
        "direction": "rtl",
        "hreflang": "ckb",
        "in_language": "ckb",
        "og_locale": "cb_IQ",
        "search_rules": "sorani",
        "time_zone": "Asia/Baghdad",
        "tagline": "هەواڵی سەربەخۆ لە کەنارەوە و دوورتر",
    },
    {
        "code": "ar",
        "name": "العربية",
        "english_name": "Arabic",
        "language": "ar",
        "direction": "rtl",
        "hreflang": "ar",
        "in_language": "ar",
        "og_locale": "ar_AR",
        "search_rules": "arabic",
        "time_zone": "Asia/Baghdad",
        "tagline": "أخبار مستقلة من الساحل وما بعده",
    },
    {
        "code": "kmr",
        "name": "Kurmancî",
        "english_name": "Kurmanji Kurdish",
        "language": "kmr",
        "direction": "ltr",
        "hreflang": "kmr",
        "in_language": "kmr",
        "og_locale": "ku_TR",
        "search_rules": "kurmanji",
        "time_zone": "Europe/Istanbul",
        "tagline": "Nûçeyên serbixwe ji peravê û wêdetir",
    },
]
NEWSROOM_DEFAULT_EDITION = os.environ.get("NEWSROOM_DEFAULT_EDITION", "en")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes). Failures are counted per username *and* address:
# a stranger guessing an editor's password locks out only that pair, never the
# editor at their own address. The lock lifts by itself after the cool-off, counted
# from the lockout (more tries meanwhile do not extend it); a success clears the count.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# The client's address by the comments' rule (COMMENTS_TRUST_X_FORWARDED_FOR): behind
# a trusted proxy, the hop it added; hops a client could invent never count.
AXES_CLIENT_IP_CALLABLE = "comments.moderation.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/login_locked_out.html"
# Failed attempts are what throttling needs; successful logins are not kept with
# their addresses.
AXES_DISABLE_ACCESS_LOG = True

# The outlet, as readers see it in the masthead and the footer.
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "The Harbour Ledger")
NEWSROOM_TAGLINE = os.environ.get("NEWSROOM_TAGLINE", "Independent news from the coast and beyond")
NEWSROOM_PAGE_SIZE = 12

# Hero images and author photos (articles/images.py, docs/editing.md). Renditions are
# made on save at these widths in WebP and JPEG; after changing them, run
# `manage.py make_renditions`.
NEWSROOM_IMAGE_WIDTHS = (480, 800, 1200, 1600)
NEWSROOM_PORTRAIT_SIZES = (120, 240, 360)  # squares: the photo at 1x, 2x and 3x
NEWSROOM_IMAGE_MAX_BYTES = 15 * 1024 * 1024
NEWSROOM_IMAGE_MAX_PIXELS = 40_000_000

# Reader comments (see docs/comments.md).
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "30"))  # 0: never
COMMENTS_RATE_LIMIT = int(os.environ.get("COMMENTS_RATE_LIMIT", "5"))  # comments per sender…
COMMENTS_RATE_WINDOW = int(os.environ.get("COMMENTS_RATE_WINDOW", "600"))  # …per this many seconds
COMMENTS_DUPLICATE_WINDOW = 24 * 3600  # the same text on the same story is refused for a day
COMMENTS_MAX_LINKS = int(os.environ.get("COMMENTS_MAX_LINKS", "2"))  # more are held with a flag
COMMENTS_FORM_MIN_SECONDS = 3  # faster than a person can write: a bot
COMMENTS_FORM_MAX_AGE = 2 * 24 * 3600  # older forms are stale
# Form stamps handed to one sender per COMMENTS_RATE_WINDOW (one per story page they write on).
COMMENTS_STAMP_RATE_LIMIT = int(os.environ.get("COMMENTS_STAMP_RATE_LIMIT", "30"))
COMMENTS_PER_PAGE = 50
COMMENTS_WATCH_WORDS = env_list("COMMENTS_WATCH_WORDS")  # flagged for moderators, not refused
COMMENTS_TRUST_X_FORWARDED_FOR = env_bool("COMMENTS_TRUST_X_FORWARDED_FOR")
# A story alerts at the top of the queue past this many pending comments, or when its
# oldest has waited this long (comments.surge).
COMMENTS_SURGE_PENDING = int(os.environ.get("COMMENTS_SURGE_PENDING", "25"))
COMMENTS_SURGE_OLDEST_MINUTES = int(os.environ.get("COMMENTS_SURGE_OLDEST_MINUTES", "60"))
# Reports on approved comments one sender may make per window (comments.reports).
COMMENTS_REPORT_RATE_LIMIT = int(os.environ.get("COMMENTS_REPORT_RATE_LIMIT", "10"))
COMMENTS_REPORT_RATE_WINDOW = int(os.environ.get("COMMENTS_REPORT_RATE_WINDOW", "3600"))
# Rejected comments lose their words, name and email this many days after the
# decision (comments.privacy.tasks.purge_rejected_comments; `manage.py purge_rejected`).
NEWSROOM_REJECTED_RETENTION_DAYS = int(os.environ.get("NEWSROOM_REJECTED_RETENTION_DAYS", "90"))
# The key of the hashes that record an erased address (defaults to one derived from
# SECRET_KEY; set it to keep erasure records confirmable across a key rotation).
NEWSROOM_PRIVACY_HASH_KEY = os.environ.get("NEWSROOM_PRIVACY_HASH_KEY", "")
# A sender (same address and email) whose last this many decided comments were approved
# is trusted: their comments go first in the queue, still read before they appear.
COMMENTS_TRUSTED_AFTER = int(os.environ.get("COMMENTS_TRUSTED_AFTER", "3"))
# This many comments from one sender within COMMENTS_RATE_WINDOW are held as a burst.
COMMENTS_BURST_SIZE = int(os.environ.get("COMMENTS_BURST_SIZE", "3"))

# The JSON API's per-client rate limit (api/http.py): requests per window (seconds),
# then 429 with Retry-After; 0: no limit.
NEWSROOM_API_RATE_LIMIT = int(os.environ.get("NEWSROOM_API_RATE_LIMIT", "600"))
NEWSROOM_API_RATE_WINDOW = int(os.environ.get("NEWSROOM_API_RATE_WINDOW", "60"))

# Background tasks (django-tasks): queued in the database, run by `manage.py db_worker`
# (`make run` starts one; docs/deployment.md). NEWSROOM_TASKS_BACKEND=immediate runs
# them in the process that enqueues them, as the tests do.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("NEWSROOM_TASKS_BACKEND", "database")
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {_tasks_backend!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend]}}

# Outgoing email: the console while developing, SMTP (EMAIL_HOST, ...) in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")
# Emails are written outside any request: their links start with this address.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Moderators are alerted when the oldest pending comment has waited this long.
NEWSROOM_QUEUE_ALERT_MINUTES = int(os.environ.get("NEWSROOM_QUEUE_ALERT_MINUTES", "60"))

# The story editor (django-prose-editor's Tiptap) adds one fixed <style> element to
# the page, its editing basics (whitespace, caret); that exact text is allowed by
# its hash and nothing else inline is. A new django-prose-editor may change the
# text: the browser tests then report a style-src violation with the new hash.
TIPTAP_BASE_STYLE = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"

# One strict policy for the public site and the admin (the moderation queue, the
# story editor, the transcript paste page): no inline script, no inline style
# attribute, no inline style element but the editor's one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, TIPTAP_BASE_STYLE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    # Production profile: HTTPS everywhere (terminate TLS at the proxy and set
    # DJANGO_SECURE_PROXY_SSL_HEADER=1 when it forwards X-Forwarded-Proto).
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's default config gives "django" a console handler of its own, so each of
    # its records was printed twice (once more by the root's handler): here it has none
    # and prints through the root alone. INFO while developing, as Django's default
    # ("Watching for file changes"); in production as quiet as the rest.
    "loggers": {"django": {"handlers": [], "level": "INFO" if DEBUG else LOG_LEVEL}},
}
