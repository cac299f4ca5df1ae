from django.urls import path

from . import surveys, views

app_name = "assessments"

urlpatterns = [
    path("", views.board, name="dashboard"),
    path("survey/<int:pk>/", surveys.poster, name="survey_poster"),
]
