"""The JSON API's address space: /api/v1/ for the apps' endpoints, the
token login, and the OpenAPI schema with its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from orgs.api import LoginView, LogoutView

app_name = "api"

urlpatterns = [
    path("v1/auth/token/", LoginView.as_view(), name="token"),
    path("v1/auth/logout/", LogoutView.as_view(), name="logout"),
    path("v1/", include("grids.api.urls")),
    # The open data (projects.opendata): anonymous, read-only.
    path("v1/public/", include("projects.opendata.api_urls")),
    path("v1/residents/", include("residents.api_urls")),
    path("v1/", include("assessments.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own
    # (docs/?script=): the Content-Security-Policy refuses inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
]
