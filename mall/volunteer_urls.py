from django.urls import path

from . import views

app_name = "my_mall"

urlpatterns = [
    path("", views.volunteer_home, name="home"),
    path("offers/<int:pk>/exchange/", views.exchange, name="exchange"),
    path("exchanges/<int:pk>/cancel/", views.cancel, name="cancel"),
]
