from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .models import Notification


@login_required
def index(request):
    """The user's notifications; opening the page marks them read."""
    mine = Notification.objects.filter(user=request.user)
    shown = list(mine[:100])
    mine.unread().update(read_at=timezone.now())
    return render(request, "notifications/index.html", {"notifications": shown})
