from django.urls import path

from . import views

app_name = "mall"

urlpatterns = [
    path("provider/", views.provider_home, name="provider"),
    path("provider/statement/", views.provider_statement, name="provider_statement"),
    path("statements/", views.staff_statements, name="statements"),
]
