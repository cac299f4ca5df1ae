"""The library and the communities' pages, for anyone, under /public/
(stories.views.public, stories.views.feeds)."""

from django.urls import path

from .views import feeds, public

app_name = "public_stories"

urlpatterns = [
    path("stories/", public.stories, name="list"),
    path("stories/feed.atom", feeds.atom, name="atom"),
    path("stories/feed.json", feeds.json_feed, name="json"),
    path("stories/<int:pk>/", public.story, name="story"),
    path("stories/<int:pk>/cover/", public.cover, name="cover"),
    path("communities/<int:pk>/", public.community, name="community"),
]
