from django.urls import path

from .views import accounts, display, files, portal

app_name = "portal"

urlpatterns = [
    path("", portal.home, name="home"),
    path("my/organisation/", portal.my_organisation, name="my_organisation"),
    path("organisations/<int:pk>/certificate/", portal.certificate, name="certificate"),
    path("accounts/recovery/", accounts.recovery, name="recovery"),
    path("accounts/recovery/<int:pk>/", accounts.recovery_reset, name="recovery_reset"),
    path("accounts/password/new/", accounts.password_new, name="password_new"),
    path("files/<slug:kind>/<int:pk>/", files.serve, name="file"),
    path("display/elder-mode/", display.switch_elder_mode, name="elder_mode"),
]
