from django.urls import path

from . import views

app_name = "party"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ties/", views.ties, name="ties"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
]
