from django.urls import path

from .views import maps, portal, stats

app_name = "grids"

urlpatterns = [
    path("", portal.index, name="index"),
    path("report/", portal.report, name="report"),
    path("tickets/<int:pk>/", portal.ticket, name="ticket"),
    path("tickets/<int:pk>/step/<str:name>/", portal.step, name="step"),
    path("stats/", stats.stats, name="stats"),
    path("map/", maps.staff_map, name="map"),
    path("map/tickets.json", maps.tickets_json, name="map_tickets"),
    path("map/grids/<int:pk>/boundary/", maps.save_boundary, name="map_boundary"),
]
