from .meeting_urls import urlpatterns as meeting_patterns

app_name = "activities"

urlpatterns = [*meeting_patterns]
