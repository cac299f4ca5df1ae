from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("organisations/", public.directory, name="directory"),
    path("organisations/<int:pk>/", public.organisation, name="organisation"),
]
