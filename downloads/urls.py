from django.urls import path

from . import views

app_name = "downloads"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.fetch, name="fetch"),
]
