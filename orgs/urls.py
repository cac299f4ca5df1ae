from django.urls import path

from .views import downloads, files, portal

app_name = "portal"

urlpatterns = [
    path("", portal.home, name="home"),
    path("my/organisation/", portal.my_organisation, name="my_organisation"),
    path("notifications/", portal.notifications, name="notifications"),
    path("organisations/<int:pk>/certificate/", portal.certificate, name="certificate"),
    path("downloads/", downloads.centre, name="downloads"),
    path("downloads/new/", downloads.start, name="download_start"),
    path("downloads/<int:pk>/", downloads.fetch, name="download"),
    path("files/<slug:kind>/<int:pk>/", files.serve, name="file"),
]
