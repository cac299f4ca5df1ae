"""The JSON API's address space: /api/v1/ for the apps' endpoints, the
token login, and the OpenAPI schema with its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from orgs.api import LoginView, LogoutView

app_name = "api"

urlpatterns = [
    path("v1/auth/token/", LoginView.as_view(), name="token"),
    path("v1/auth/logout/", LogoutView.as_view(), name="logout"),
    path("v1/", include("grids.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
