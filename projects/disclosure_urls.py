"""Information disclosure (信息公开): rounds, projects and funds, for anyone,
under /public/ (projects.views.disclosure)."""

from django.urls import path

from .views import disclosure, public_map

app_name = "disclosure"

urlpatterns = [
    path("rounds/", disclosure.rounds, name="rounds"),
    path("rounds/<int:pk>/", disclosure.round_page, name="round"),
    path("projects/", disclosure.projects, name="projects"),
    path("projects/<int:pk>/", disclosure.project_page, name="project"),
    path("projects/photos/<int:pk>/", disclosure.photo, name="photo"),
    path("funds/", disclosure.funds, name="funds"),
    path("funds/<int:pk>/", disclosure.fund_page, name="fund"),
    path("map/", public_map.public_map, name="map"),
]
