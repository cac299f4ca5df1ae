from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from orgs.models import Area, AreaLevel, Organisation


@login_required
def home(request):
    """The portal's front page: who you are, what you look after."""
    user = request.user
    areas = Area.objects.for_user(user)
    context = {
        "street_count": areas.filter(level=AreaLevel.STREET).count(),
        "community_count": areas.filter(level=AreaLevel.COMMUNITY).count(),
        "organisation_count": Organisation.objects.for_user(user).count(),
    }
    return render(request, "portal/home.html", context)
