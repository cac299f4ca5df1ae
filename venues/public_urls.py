from django.urls import path

from .views import public

app_name = "public_venues"

urlpatterns = [
    path("", public.directory, name="directory"),
    path("<int:pk>/", public.venue, name="venue"),
]
