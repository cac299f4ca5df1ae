from django.urls import path

from .views import public

app_name = "public_needs"

urlpatterns = [
    path("new/", public.need_form, name="form"),
    path("<str:token>/", public.need_status, name="status"),
]
