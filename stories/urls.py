from django.urls import path

from .views import leader

app_name = "stories"

urlpatterns = [
    path("", leader.mine, name="mine"),
    path("new/", leader.new, name="new"),
    path("<int:pk>/edit/", leader.edit, name="edit"),
]
