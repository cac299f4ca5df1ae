from django.urls import path

from . import public_views, subsidy_views, views
from .meeting_urls import urlpatterns as meeting_patterns

app_name = "activities"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("new/", views.new, name="new"),
    path("feed/", views.feed, name="feed"),
    path("feed/<str:token>.ics", views.private_feed, name="private_feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/code/", views.code, name="code"),
    path("<int:pk>/code/now/", views.code_now, name="code_now"),
    # The resident's side: the link in the QR code, their own sign-ups.
    path("<int:pk>/check/<str:code>/", public_views.check, name="check"),
    path("mine/", public_views.mine, name="mine"),
    path("mine/<int:pk>/cancel/", public_views.cancel_sign_up, name="cancel_sign_up"),
    # Activity subsidies (补贴活动经费): apply, decide, settle (activities.subsidy_views).
    path("subsidies/", subsidy_views.listing, name="subsidies"),
    path("<int:pk>/subsidy/", subsidy_views.apply, name="apply_subsidy"),
    path("subsidies/<int:pk>/", subsidy_views.detail, name="subsidy"),
    path("subsidies/<int:pk>/approve/", subsidy_views.approve, name="approve_subsidy"),
    path("subsidies/<int:pk>/refuse/", subsidy_views.refuse, name="refuse_subsidy"),
    path("subsidies/<int:pk>/settle/", subsidy_views.settle, name="settle_subsidy"),
    # Minutes, attendees, photos, a salon's needs and draft (activities.meetings).
    *meeting_patterns,
]
