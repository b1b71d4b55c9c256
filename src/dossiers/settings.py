"""One settings module, read from the environment.

Every value has a safe default so that `make run` works on a fresh machine
with nothing configured; production deployments set `SECRET_KEY`,
`ALLOWED_HOSTS`, `DATABASE_URL` and `DOSSIERS_HTTPS=1` (see docs/operations.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number; got {raw!r}") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number; got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _admin_path(raw: str) -> str:
    """The desk's path as urls.py wants it: no leading slash, one trailing slash."""
    path = raw.strip().strip("/")
    if not path or any(part in {"", ".", ".."} for part in path.split("/")):
        raise ValueError(f"DOSSIERS_ADMIN_PATH must be a path such as desk/; got {raw!r}")
    return path + "/"


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DOSSIERS_DATA_DIR") or Path.cwd() / "var").resolve()


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in the data folder."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "dossiers.web.views.errors.csrf_failure"

INSTALLED_APPS = [
    # Django's admin, on the desk's own admin site (two-factor login when DOSSIERS_ADMIN_2FA=1).
    "dossiers.desk.site.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "dossiers.core",
    "dossiers.media",
    "dossiers.publishing",
    "dossiers.knowledge",
    "dossiers.hubs",
    "dossiers.comments",
    "dossiers.importers",
    "dossiers.syndication",
    "dossiers.related",
    "dossiers.search",
    "dossiers.pipeline",
    "dossiers.desk",
    "dossiers.web",
    "dossiers.demo",
    "dossiers.api",
    "dossiers.export",
    "ninja",  # its templates and static files: the API docs are served from here, no CDN
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "axes",  # login throttling (see "Login throttling" below)
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression (gzip) of text responses that hold no secret (BREACH: no CSRF token, no
    # session). Below WhiteNoise, which answers static files itself, already compressed;
    # above every middleware that reads or writes the body, so that it compresses last.
    "dossiers.core.middleware.SecretSafeGZipMiddleware",
    "dossiers.core.middleware.ContentSecurityPolicyMiddleware",
    # Over-long addresses get the site's own 414 page (gunicorn lets them through).
    "dossiers.web.middleware.LongAddressMiddleware",
    # The read API (/api/): CORS headers (only when DOSSIERS_API_CORS_ORIGINS lists origins),
    # then the per-address rate limit, before anything touches the database.
    "corsheaders.middleware.CorsMiddleware",
    "dossiers.api.ratelimit.ApiRateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Old WordPress addresses (/?p=ID, /2013/01/11/slug/) answer 301 before any page cache.
    "dossiers.importers.middleware.LegacyRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed a one-time password.
    "django_otp.middleware.OTPMiddleware",
    # Staff sessions on the desk end sooner than a reader's (DOSSIERS_ADMIN_SESSION_MINUTES).
    "dossiers.desk.middleware.AdminSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that a locked-out login is answered by the lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses any login from an address that is locked out, before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "dossiers.urls"
WSGI_APPLICATION = "dossiers.wsgi.application"

TEMPLATES = [
    {
        # Public pages: Jinja2 renders our listing pages several times faster
        # than the Django engine (see benchmarks/README.md).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "dossiers.web.jinja.environment",
            "autoescape": True,
            "context_processors": ["dossiers.web.context.site_chrome"],
        },
    },
    {
        # The admin stays on Django's own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

_default_sqlite = f"sqlite:///{DATA_DIR / 'dossiers.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_sqlite,
        conn_max_age=env_int("DOSSIERS_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and the single writer work at once; IMMEDIATE makes
        # a writer take the lock up front instead of failing half-way.
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA cache_size=-32000;"
            "PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Read replicas (PostgreSQL streaming replicas), comma-separated URLs: reads of readers'
# requests go to them, everything else to DATABASE_URL (the rule: core/replicas.py).
_replica_urls = [u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",")]
for _number, _url in enumerate(filter(None, _replica_urls), start=1):
    DATABASES[f"replica{_number}"] = dj_database_url.parse(
        _url, conn_max_age=env_int("DOSSIERS_CONN_MAX_AGE", 600), conn_health_checks=True
    )
    DATABASES[f"replica{_number}"]["TEST"] = {"MIRROR": "default"}  # tests: one database
if any(_replica_urls):
    DATABASE_ROUTERS = ["dossiers.core.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "dossiers.core.replicas.PrimaryPinMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = os.environ.get("DOSSIERS_CACHE_URL", "").strip()
CACHES: dict[str, dict[str, object]]
if _cache_url:
    CACHES = {
        "default": {
            # Fails soft: with Redis down, pages are served from the database (core/cache.py).
            "BACKEND": "dossiers.core.cache.TolerantRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "dossiers",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dossiers",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DOSSIERS_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Media (the image library): files under DOSSIERS_MEDIA_ROOT (var/media), served at
# /media/ (by `dossiers serve`; by nginx in production, docs/operations.md). With
# DOSSIERS_MEDIA_S3_BUCKET set they go to any S3-compatible storage instead (install the
# optional extra: pip install 'dossiers[s3]', which brings django-storages and boto3).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DOSSIERS_MEDIA_ROOT") or DATA_DIR / "media").resolve()


def _media_storage() -> dict[str, object]:
    bucket = os.environ.get("DOSSIERS_MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, object] = {
        "bucket_name": bucket,
        # Renditions' names change when their image does: they may be cached for ever.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        "querystring_auth": False,
        "file_overwrite": True,
        "default_acl": None,
    }
    for option, name in (
        ("endpoint_url", "DOSSIERS_MEDIA_S3_ENDPOINT_URL"),
        ("region_name", "DOSSIERS_MEDIA_S3_REGION"),
        ("custom_domain", "DOSSIERS_MEDIA_S3_CUSTOM_DOMAIN"),
        ("access_key", "DOSSIERS_MEDIA_S3_ACCESS_KEY_ID"),
        ("secret_key", "DOSSIERS_MEDIA_S3_SECRET_ACCESS_KEY"),
        ("location", "DOSSIERS_MEDIA_S3_PREFIX"),
    ):
        if value := os.environ.get(name, "").strip():
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": _media_storage(),
    "staticfiles": {"BACKEND": "dossiers.core.staticfiles.ForgivingManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# Security. Behind HTTPS (DOSSIERS_HTTPS=1) every transport setting is strict;
# `dossiers check --deploy` is clean with that and a real SECRET_KEY.
HTTPS = env_bool("DOSSIERS_HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("DOSSIERS_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DOSSIERS_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DOSSIERS_HSTS_PRELOAD", True)
if env_bool("DOSSIERS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No deploy check is silenced: `dossiers check --deploy` on a plain-HTTP site reports the
# HTTPS settings it lacks, and fails (the command treats warnings as failures with --deploy).


def _email_settings(url: str) -> dict[str, object]:
    """Django's EMAIL_* settings from one URL: `console:` (printed to the log), `smtp://host:25`
    (a local relay, no TLS), `smtp+tls://user:password@host:587` (STARTTLS) or
    `smtps://user:password@host:465` (TLS from the first byte)."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    ports = {"smtp": 25, "smtp+tls": 587, "smtps": 465}
    if parts.scheme not in ports or not parts.hostname:
        raise ValueError(
            "DOSSIERS_EMAIL_URL must be console:, smtp://host, smtp+tls://user:password@host "
            f"or smtps://user:password@host; got {url!r}"
        )
    timeout = parse_qs(parts.query).get("timeout", ["10"])[0]
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or ports[parts.scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": int(timeout),
    }


# Mail: lock-out notices to editors. Without DOSSIERS_EMAIL_URL mail is printed to the log.
globals().update(_email_settings(os.environ.get("DOSSIERS_EMAIL_URL", "").strip() or "console:"))
DEFAULT_FROM_EMAIL = os.environ.get("DOSSIERS_EMAIL_FROM", "").strip() or "noreply@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DOSSIERS_LOG_LEVEL", "WARNING")},
}

# --- Dossiers' own settings (environment variables DOSSIERS_*) ---------------
DOSSIERS = {
    "SITE_NAME": os.environ.get("DOSSIERS_SITE_NAME", "Dossiers"),
    "SITE_TAGLINE": os.environ.get(
        "DOSSIERS_SITE_TAGLINE", "Analysis of defence and geopolitics, topic by topic"
    ),
    "PAGE_SIZE": env_int("DOSSIERS_PAGE_SIZE", 10),
    "HUB_OVERVIEW_ENTITIES": env_int("DOSSIERS_HUB_OVERVIEW_ENTITIES", 5),
    "COMMENTS_MAX_DEPTH": env_int("DOSSIERS_COMMENTS_MAX_DEPTH", 3),
    "COMMENTS_MIN_SECONDS": env_int("DOSSIERS_COMMENTS_MIN_SECONDS", 3),
    "COMMENTS_MAX_AGE_SECONDS": env_int("DOSSIERS_COMMENTS_MAX_AGE_SECONDS", 86400),
    "COMMENTS_RATE_LIMIT": env_int("DOSSIERS_COMMENTS_RATE_LIMIT", 5),
    "COMMENTS_RATE_WINDOW_SECONDS": env_int("DOSSIERS_COMMENTS_RATE_WINDOW_SECONDS", 600),
    "COMMENTS_TRUST_RETURNING": env_bool("DOSSIERS_COMMENTS_TRUST_RETURNING", True),
    "COMMENTS_MAX_LENGTH": env_int("DOSSIERS_COMMENTS_MAX_LENGTH", 5000),
    "TRUSTED_PROXY_COUNT": env_int("DOSSIERS_TRUSTED_PROXY_COUNT", 0),
    # Rendered public pages are kept this long (they go stale at once on any edit).
    "PAGE_CACHE_SECONDS": env_int("DOSSIERS_PAGE_CACHE_SECONDS", 3600),
    # What browsers and CDNs may keep without asking again (ETag revalidation always works).
    "PAGE_MAX_AGE": env_int("DOSSIERS_PAGE_MAX_AGE", 0),
    # The public address (https://analysis.example.org): absolute URLs in feeds, sitemaps,
    # canonical links and structured data. Empty: taken from each request.
    "SITE_URL": os.environ.get("DOSSIERS_SITE_URL", "").strip().rstrip("/"),
    # Feeds: how many items, and the whole article (1) or its summary only (0).
    "FEED_ITEMS": env_int("DOSSIERS_FEED_ITEMS", 20),
    "FEED_FULL_TEXT": env_bool("DOSSIERS_FEED_FULL_TEXT", True),
    # A hub with fewer visible analyses than this is "thin": noindex, and not in the sitemap.
    "HUB_MIN_ANALYSES": env_int("DOSSIERS_HUB_MIN_ANALYSES", 3),
    # schema.org type of article pages: AnalysisNewsArticle or NewsArticle.
    "ARTICLE_SCHEMA_TYPE": os.environ.get("DOSSIERS_ARTICLE_SCHEMA_TYPE", "AnalysisNewsArticle"),
    # URLs per sitemap file (the sitemaps.org limit is 50,000).
    "SITEMAP_LIMIT": env_int("DOSSIERS_SITEMAP_LIMIT", 50000),
    # Importers: files larger than this are refused before reading; remote feeds are cut off.
    "IMPORT_MAX_MB": env_int("DOSSIERS_IMPORT_MAX_MB", 512),
    "FEED_FETCH_MAX_MB": env_int("DOSSIERS_FEED_FETCH_MAX_MB", 20),
    "FEED_FETCH_TIMEOUT": env_int("DOSSIERS_FEED_FETCH_TIMEOUT", 20),
    "IMPORT_ALLOW_PRIVATE": env_bool("DOSSIERS_IMPORT_ALLOW_PRIVATE", False),
    # Links from an article's text to entity pages (first mention of each salient entity).
    "ENTITY_LINKS_MAX": env_int("DOSSIERS_ENTITY_LINKS_MAX", 5),
    # Entity suggestions look at articles published in the last N days.
    "SUGGESTIONS_DAYS": env_int("DOSSIERS_SUGGESTIONS_DAYS", 90),
    # Worker processes for `dossiers relink` and background re-links (0: one per core).
    "RELINK_JOBS": env_int("DOSSIERS_RELINK_JOBS", 0),
    # Salience (docs/linking.md): an article is "about" an entity from this score up; its
    # lead is the first sentence, extended to this share of the body and at most this many
    # characters; a key entity of the same hub as the article's subject gains this much.
    "SALIENCE_ABOUT": env_float("DOSSIERS_SALIENCE_ABOUT", 0.25),
    "SALIENCE_LEAD_SHARE": env_float("DOSSIERS_SALIENCE_LEAD_SHARE", 0.15),
    "SALIENCE_LEAD_MAX": env_int("DOSSIERS_SALIENCE_LEAD_MAX", 400),
    "SALIENCE_CONTEXT": env_float("DOSSIERS_SALIENCE_CONTEXT", 0.05),
    # With read replicas: how long a browser that wrote reads from the primary (seconds).
    "REPLICA_PIN_SECONDS": env_int("DOSSIERS_REPLICA_PIN_SECONDS", 5),
    # Related analyses: how much each kind of evidence weighs (see related/scoring.py),
    # and the score under which two articles are not related.
    "RELATED_TEXT_WEIGHT": env_float("DOSSIERS_RELATED_TEXT_WEIGHT", 1.0),
    "RELATED_ENTITY_WEIGHT": env_float("DOSSIERS_RELATED_ENTITY_WEIGHT", 0.05),
    "RELATED_HUB_WEIGHT": env_float("DOSSIERS_RELATED_HUB_WEIGHT", 0.015),
    "RELATED_MIN_SCORE": env_float("DOSSIERS_RELATED_MIN_SCORE", 0.03),
    # The media library: uploads larger than this (MB) or with more pixels (megapixels) are
    # refused; JPEG renditions are written at this quality (AVIF and WebP follow it).
    "MEDIA_MAX_MB": env_int("DOSSIERS_MEDIA_MAX_MB", 20),
    "MEDIA_MAX_MEGAPIXELS": env_int("DOSSIERS_MEDIA_MAX_MEGAPIXELS", 40),
    "MEDIA_QUALITY": env_int("DOSSIERS_MEDIA_QUALITY", 80),
    # The read API (/api/v1/): requests per client address ("120/min"; "off" for no limit),
    # and items per page (default, and the most a client may ask for).
    "API_RATE": os.environ.get("DOSSIERS_API_RATE", "").strip() or "120/min",
    "API_PAGE_SIZE": env_int("DOSSIERS_API_PAGE_SIZE", 20),
    "API_MAX_PAGE_SIZE": env_int("DOSSIERS_API_MAX_PAGE_SIZE", 100),
    # The editorial desk: where it lives ("admin/"; another path keeps it out of the way of
    # scripts that knock on /admin/), whether it asks for a one-time password, how long an
    # editor's session lasts, and login throttling (failed logins from one address before it
    # is locked out, and for how long).
    "ADMIN_PATH": _admin_path(os.environ.get("DOSSIERS_ADMIN_PATH", "admin/")),
    "ADMIN_2FA": env_bool("DOSSIERS_ADMIN_2FA", False),
    "ADMIN_SESSION_MINUTES": env_int("DOSSIERS_ADMIN_SESSION_MINUTES", 480),
    "LOGIN_FAILURES": env_int("DOSSIERS_LOGIN_FAILURES", 5),
    "LOGIN_COOLOFF_MINUTES": env_int("DOSSIERS_LOGIN_COOLOFF_MINUTES", 30),
}

# Login throttling (django-axes, counting in the database: right on SQLite and PostgreSQL, and
# shared by every worker). An address is locked out after DOSSIERS_LOGIN_FAILURES failed logins
# within DOSSIERS_LOGIN_COOLOFF_MINUTES, whatever usernames it tried: that stops both a password
# guessed for one account and one password tried on many accounts ("spraying"). Usernames are
# deliberately not locked on their own: that would let anyone, from anywhere, lock an editor out
# of the desk by typing their name; guessing from many addresses at once is what two-factor
# login (DOSSIERS_ADMIN_2FA) is for. The address is the one every rate limit uses
# (DOSSIERS_TRUSTED_PROXY_COUNT). The lock ends a fixed time after the failure that set it;
# attempts while locked are refused without being counted, so the page can say when to return.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "dossiers.core.http.client_ip"
AXES_FAILURE_LIMIT = "dossiers.desk.lockout.failure_limit"
AXES_COOLOFF_TIME = "dossiers.desk.lockout.cool_off"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "dossiers.desk.lockout.lockout_response"

# One-time passwords (django-otp): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = DOSSIERS["SITE_NAME"]

# CORS for the read API: off unless origins are listed ("*" for any origin). Only /api/
# answers cross-origin requests, and only to reading (GET, HEAD and the OPTIONS preflight).
API_CORS_ORIGINS = env_list("DOSSIERS_API_CORS_ORIGINS", [])
CORS_ALLOW_ALL_ORIGINS = API_CORS_ORIGINS == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else API_CORS_ORIGINS
CORS_URLS_REGEX = r"^/api/" if API_CORS_ORIGINS else r"(?!)"  # (?!) matches nothing
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")
CORS_PREFLIGHT_MAX_AGE = 86400

# Background tasks (re-linking the archive after the knowledge base changes).
# "database" keeps the queue in the site's own database: no extra server;
# `dossiers serve` starts a worker beside the web workers (`dossiers db_worker`
# runs one by itself). "immediate" runs tasks at once, in the request.
_tasks_backend = os.environ.get("DOSSIERS_TASKS_BACKEND", "database").strip() or "database"
if _tasks_backend not in {"database", "immediate"}:
    raise ValueError(f"DOSSIERS_TASKS_BACKEND: database or immediate, not {_tasks_backend!r}")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if _tasks_backend == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}

# Full-text search (dossiers.search). An empty BACKEND follows the database: SQLite FTS5
# on SQLite, PostgreSQL full text on PostgreSQL. DOSSIERS_SEARCH_BACKEND takes a short
# name (sqlite, postgres) or a dotted path; see dossiers/search/backends/__init__.py.
SEARCH = {
    "BACKEND": os.environ.get("DOSSIERS_SEARCH_BACKEND", "").strip(),
    "OPTIONS": {
        # Queries matching more articles than this rank the newest this many.
        "WINDOW": env_int("DOSSIERS_SEARCH_WINDOW", 1000),
    },
}
