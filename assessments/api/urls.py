from django.urls import path

from . import views

urlpatterns = [
    path("surveys/<int:organisation>/", views.SurveyView.as_view(), name="survey"),
]
