from django.urls import path

from .views import public

app_name = "public_tickets"

urlpatterns = [
    path("new/", public.ticket_form, name="form"),
    path("rate/<str:token>/", public.rate, name="rate"),
    path("<str:token>/", public.ticket_status, name="status"),
]
