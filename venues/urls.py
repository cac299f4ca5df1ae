from django.urls import path

from .views import portal

app_name = "venues"

urlpatterns = [
    path("", portal.venues, name="venues"),
    path("<int:pk>/", portal.venue, name="venue"),
    path("rooms/<int:pk>/book/", portal.book, name="book"),
    path("bookings/<int:pk>/refuse/", portal.refuse, name="refuse"),
    path("bookings/<int:pk>/cancel/", portal.cancel, name="cancel"),
]
