from django.urls import path

from . import surveys

app_name = "survey"

urlpatterns = [path("<int:pk>/", surveys.answer, name="answer")]
