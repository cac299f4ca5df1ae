from django.urls import path

from . import views

app_name = "honours"

urlpatterns = [
    path("qualifications/", views.qualifications, name="qualifications"),
    path("qualifications/new/", views.new_qualification, name="new_qualification"),
]
