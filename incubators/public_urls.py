from django.urls import path

from . import views

app_name = "public_platforms"

urlpatterns = [
    path("", views.public_platforms, name="list"),
]
