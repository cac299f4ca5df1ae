from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("guardian/<str:token>/", views.guardian, name="guardian"),
    path("certificates/<str:token>/", views.certificate, name="certificate"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
