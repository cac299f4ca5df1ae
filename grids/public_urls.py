from django.urls import path

from .views import public

app_name = "public_tickets"

urlpatterns = [
    path("new/", public.ticket_form, name="form"),
    path("rate/<str:token>/", public.rate, name="rate"),
    path("rate/<str:token>/photos/<int:pk>/", public.rating_photo, name="rating_photo"),
    path("<str:token>/", public.ticket_status, name="status"),
]
