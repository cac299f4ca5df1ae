from django.urls import path

from . import public_views

app_name = "public_honours"

urlpatterns = [
    path("", public_views.honours, name="list"),
]
