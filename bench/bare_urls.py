"""The platform's URLs plus /bench/bare/: the ceiling for bench/http_load.py.

The bare view goes through the same gunicorn, settings and middleware as
every page, and answers a few bytes without a query or a template.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as platform


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *platform]
