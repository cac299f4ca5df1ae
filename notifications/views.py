from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import clock, throttle
from lib.sms.templates import TEMPLATES
from lib.sms.templates import render as render_text

from .models import Notification, ShortLink, TextMessage

# Codes tried per address and hour before /t/ stops answering (a real
# message's link is opened a few times; a walk through codes is not).
SHORT_LINK_MISSES_PER_HOUR = 30


@login_required
def index(request):
    """The user's notifications. Reading the page writes nothing (a prefetch
    or a crawler would mark them read); the button marks read those the page
    showed, up to the newest one shown, so one that arrived since stays new."""
    mine = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        upto = request.POST.get("upto", "")
        if upto.isdigit():
            mine.unread().filter(pk__lte=int(upto)).update(read_at=timezone.now())
        return HttpResponseRedirect(request.path)
    shown = list(mine[:100])
    return render(
        request,
        "notifications/index.html",
        {
            "notifications": shown,
            "newest": max((n.pk for n in shown), default=0),
            "any_unread": any(n.read_at is None for n in shown),
        },
    )


def short_link(request, code):
    """/t/<code>, the link in a text message: to its page while it lasts."""
    if throttle.over_limit(request, "short-link-miss", SHORT_LINK_MISSES_PER_HOUR):
        return render(
            request,
            "notifications/link_closed.html",
            {"message": _("Too many wrong links from here; please try again in an hour.")},
            status=429,
        )
    link = ShortLink.objects.filter(code=code.lower()).first()
    if link is None:
        throttle.count(request, "short-link-miss")
        raise Http404
    if link.expires_at <= clock.now():
        return render(
            request,
            "notifications/link_closed.html",
            {"message": _("This link has expired. Please call your community if you need help.")},
            status=410,
        )
    return HttpResponseRedirect(link.target)


def outbox(request):
    """The messages the embedded default kept instead of sending, as the
    phone would show them: with DEBUG on only (a developer's machine, the
    demo), since they carry phones and sign-in codes."""
    if not settings.DEBUG:
        raise Http404
    # Not "messages": base.html shows Django's flash messages by that name.
    texts = list(TextMessage.objects.all()[:100])
    site = settings.SITE_URL or request.build_absolute_uri("/")
    for message in texts:
        message.text = (
            render_text(message.template, message.params, site=site)
            if message.template in TEMPLATES
            and set(message.params) >= set(TEMPLATES[message.template].variables)
            else ""
        )
    return render(request, "notifications/outbox.html", {"texts": texts})
