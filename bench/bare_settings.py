"""Settings for bench/http_load.py only: the platform's own settings and
middleware, with a URL table that adds one bare view (bench/bare_urls.py).

gunicorn loads it from bench/ (--pythonpath bench), which no deployment puts
on its path, so the production URL table never has the bare view.
"""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "bare_urls"
