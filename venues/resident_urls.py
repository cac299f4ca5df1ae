from django.urls import path

from .views import public

app_name = "my_venues"

urlpatterns = [
    path("", public.mine, name="mine"),
    path("rooms/<int:pk>/book/", public.book, name="book"),
    path("bookings/<int:pk>/cancel/", public.cancel, name="cancel"),
]
