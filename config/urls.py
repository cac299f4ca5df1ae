from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from orgs.views import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    # Reset links only when email is configured (orgs.views.accounts).
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("public/needs/", include("projects.public_urls")),
    path("public/tickets/", include("grids.public_urls")),
    path("public/", include("orgs.public_urls")),
    path("incubators/", include("incubators.urls")),
    path("projects/", include("projects.urls")),
    path("grids/", include("grids.urls")),
    path("dashboard/", include("assessments.urls")),
    path("api/", include("config.api")),
    path("", include("orgs.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
