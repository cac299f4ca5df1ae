from django.urls import path

from . import views

app_name = "incubators"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.platform, name="platform"),
]
