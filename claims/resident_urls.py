from django.urls import path

from .views import residents

app_name = "my_claims"

urlpatterns = [
    path("", residents.home, name="home"),
    path("needs/<int:pk>/claim/", residents.claim, name="claim"),
    path("<int:pk>/<str:name>/", residents.step, name="step"),
]
