from django.urls import path

from .views import files, public

app_name = "public"

urlpatterns = [
    path("organisations/", public.directory, name="directory"),
    path("organisations/<int:pk>/", public.organisation, name="organisation"),
    path("files/<slug:kind>/<int:pk>/", files.serve_public, name="file"),
]
