from django.urls import path

from . import public_views

app_name = "public_activities"

urlpatterns = [
    path("", public_views.calendar, name="calendar"),
    path("calendar.ics", public_views.feed, name="feed"),
    path("<int:pk>/", public_views.activity, name="activity"),
    path("<int:pk>/sign-up/", public_views.sign_up, name="sign_up"),
]
