from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("categories", views.CategoryViewSet, basename="category")
router.register("grids", views.GridViewSet, basename="grid")
router.register("tickets", views.TicketViewSet, basename="ticket")
router.register("public/tickets", views.PublicTicketViewSet, basename="public-ticket")

urlpatterns = [
    path("public/communities/", views.PublicCommunityList.as_view(), name="public-communities"),
    path("public/ratings/", views.RatingView.as_view(), name="public-rating"),
    *router.urls,
]
