"""A published activity's published photos, for anyone: under /public/meetings/."""

from django.urls import path

from . import meeting_views as views

app_name = "public_meetings"

urlpatterns = [
    path("<int:pk>/photos/", views.public_photos, name="photos"),
    path("photos/<int:pk>/", views.public_photo, name="photo"),
]
