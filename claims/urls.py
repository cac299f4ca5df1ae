from django.urls import path

from .views import department

app_name = "claims"

urlpatterns = [
    path("", department.home, name="department"),
    path("needs/<int:pk>/claim/", department.claim, name="department_claim"),
    path("<int:pk>/<str:name>/", department.step, name="department_step"),
    path("offers/", department.add_offer, name="offer_add"),
    path("offers/<int:pk>/toggle/", department.toggle_offer, name="offer_toggle"),
]
