from django.urls import path

from . import api

urlpatterns = [
    path("codes/", api.CodeView.as_view(), name="resident-codes"),
    path("tokens/", api.TokenView.as_view(), name="resident-tokens"),
    path("me/reports/", api.MyReportsView.as_view(), name="resident-reports"),
]
