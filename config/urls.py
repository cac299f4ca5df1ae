from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import health, pwa
from notifications import views as notifications_views
from orgs.views import accounts

urlpatterns = [
    # Answered by config.health.HealthMiddleware before these are reached.
    path("healthz", health.liveness_view, name="healthz"),
    path("readyz", health.readiness_view, name="readyz"),
    # The resident pages as an installable web app (config/pwa.py): at the
    # root, where a service worker's scope must start.
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("sw.js", pwa.service_worker, name="pwa_worker"),
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
    path("public/survey/", include("assessments.public_urls")),
    path("public/activities/", include("activities.public_urls")),
    path("public/meetings/", include("activities.meeting_public_urls")),
    # Open data (projects.opendata): the public facts as CSV and JSON files.
    path("public/data/", include("projects.opendata.urls")),
    # Venues (阵地): the public pages, a resident's bookings, the portal's.
    path("public/venues/", include("venues.public_urls")),
    path("me/venues/", include("venues.resident_urls")),
    path("venues/", include("venues.urls")),
    # The incubation platforms, for anyone: specialisms and support terms.
    path("public/platforms/", include("incubators.public_urls")),
    path("public/", include("projects.disclosure_urls")),
    path("public/", include("orgs.public_urls")),
    # Stories and methods, their feeds, and the communities' pages (issue 24).
    path("public/", include("stories.public_urls")),
    path("stories/", include("stories.urls")),
    path("public/honours/", include("honours.public_urls")),
    # A resident's volunteer pages (before me/, whose sign-in they use).
    path("me/volunteer/", include("volunteers.urls")),
    # The residents' own pages: sign in by phone and code, "my reports".
    path("me/mall/", include("mall.volunteer_urls")),
    # Claims (认领): party members and units' clerks by phone; departments' accounts.
    path("me/claims/", include("claims.resident_urls")),
    path("claims/", include("claims.urls")),
    path("me/", include("residents.urls")),
    path("mall/", include("mall.urls")),
    path("incubators/", include("incubators.urls")),
    path("projects/", include("projects.urls")),
    path("grids/", include("grids.urls")),
    path("activities/", include("activities.urls")),
    path("visits/", include("visits.urls")),
    path("party/", include("party.urls")),
    path("dashboard/", include("assessments.urls")),
    path("honours/", include("honours.urls")),
    path("api/", include("config.api")),
    path("notifications/", include("notifications.urls")),
    # The short links in text messages (notifications.texts).
    path("t/<str:code>", notifications_views.short_link, name="short_link"),
    path("downloads/", include("downloads.urls")),
    path("", include("orgs.urls")),
]
# No /media/: every uploaded file goes through a view that checks who asks
# (orgs.views.files), in development as in production.
