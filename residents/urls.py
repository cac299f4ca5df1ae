from django.urls import path

from . import views

app_name = "residents"

urlpatterns = [
    path("", views.sign_in, name="sign_in"),
    path("reports/", views.my_reports, name="reports"),
    path("messages/", views.text_messages, name="messages"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("privacy/", views.privacy, name="privacy"),
]
