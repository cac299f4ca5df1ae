"""A held activity's minutes, attendance, photos and salon needs, under
/activities/ (activities/urls.py adds these to its patterns)."""

from django.urls import path

from . import meeting_views as views

urlpatterns = [
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/attendees/", views.attendees, name="attendees"),
    path(
        "<int:pk>/attendees/<int:attendance_pk>/remove/",
        views.attendee_remove,
        name="attendee_remove",
    ),
    path("<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path(
        "<int:pk>/photos/<int:photo_pk>/publish/",
        views.photo_publish,
        {"publish": True},
        name="photo_publish",
    ),
    path(
        "<int:pk>/photos/<int:photo_pk>/withdraw/",
        views.photo_publish,
        {"publish": False},
        name="photo_withdraw",
    ),
    path("<int:pk>/needs/", views.needs, name="needs"),
    path("<int:pk>/draft-project/", views.draft_project, name="draft_project"),
]
