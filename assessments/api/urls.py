from django.urls import re_path

from . import views

# Any value reaches the view, so a malformed id gets the API's JSON 404 rather
# than the site's HTML "page not found" (as in grids.api).
urlpatterns = [
    re_path(r"^public/surveys/(?P<pk>[^/]+)/$", views.SurveyView.as_view(), name="survey")
]
