"""Accounts, sessions, failed logins, the proxies before the app, and the
Content-Security-Policy: part of `config.settings.base`, which gathers the parts."""

from datetime import timedelta

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env
from config.tiles import map_tiles

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login, site, admin or API token, of a locked-out account.
    "axes.backends.AxesStandaloneBackend",
    "orgs.auth.RoleBackend",  # permissions come from the role, declared in code
    "django.contrib.auth.backends.ModelBackend",  # extra grants made in the admin
]
# Passwords: at least 10 characters mixing three of upper case, lower case,
# digits and symbols (等保 2.0 asks for complexity), not like the username,
# not a common or all-digit password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "orgs.auth.CharacterClassesValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"
# A session lasts one working day at most, and ends when the browser closes
# (offices share computers).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed logins (django-axes): five wrong passwords for one username lock that
# username out for 15 minutes, from any address, on the site, the admin and the
# API token endpoint alike; a correct login resets the count. Attempts and
# logins are kept in the database (admin: Access attempts / Access logs);
# `manage.py axes_reset_username <name>` unlocks early.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address among the lockout parameters, against
# attackers rotating user agents or cookies; neither escapes a lock on the
# username. Locking addresses would lock a whole street office behind one NAT
# address after five typos by different people.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# models.W040: the staff map's index covers the ticket's state and community
# (INCLUDE) so PostgreSQL answers from the index alone; SQLite, the embedded
# default, builds it without them, which only makes it a plain index there.
SILENCED_SYSTEM_CHECKS += ["models.W040"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "orgs.auth.locked_out"
AXES_COOLOFF_MESSAGE = _("Too many failed logins: this account is locked for a while.")
AXES_CLIENT_IP_CALLABLE = "lib.clients.client_ip"
# How many reverse proxies (nginx, a load balancer) stand before the app and
# append to X-Forwarded-For; 0 means REMOTE_ADDR is the client. One rule
# (lib.clients.client_ip) reads it for axes, the API throttles and the forms.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Content-Security-Policy (django-csp) ----------------------------------
# Every response says the browser may run only scripts and styles served from
# the platform's own static files: an inline <script>, an onclick= handler, a
# javascript: link, eval() and <style> or style= markup are all refused, so
# markup injected past escaping cannot run. Pages pass data to their scripts
# with data- attributes or json_script. No CDN is allowed (offices' networks
# are often closed to them anyway). Uploaded images are served by the platform
# itself; a file storage on another host (S3, OSS) must be added to img-src.
# tests/test_csp.py and tests/browser/test_csp_pages.py keep every page to it.
# Map tiles come from their provider's hosts, allowed in img-src only when
# MAP_TILES names one (config/tiles.py); the default draws no tiles.
MAP_TILES = env.str("MAP_TILES", default="none")
TIANDITU_KEY = env.str("TIANDITU_KEY", default="")
MAP = map_tiles(MAP_TILES, tianditu_key=TIANDITU_KEY)
# Where a map opens when the user's area has no centre: latitude, longitude
# (WGS-84), zoom. The default is Zhengzhou's Huiji district, the demo's.
MAP_CENTRE = env.list("MAP_CENTRE", cast=float, default=[34.85, 113.62, 12])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *MAP["hosts"]],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
