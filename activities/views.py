"""The organisers' pages (/activities/): the month's calendar of their
jurisdiction, a new activity or meeting, its page with the sign-ups and
sign-in records, publishing and cancelling, the rotating check-in code, and
the account's private calendar feed.

Organisers are the office (district, street, community staff) for their
jurisdiction and organisation leaders for their organisation's activities;
another jurisdiction's activity is a 404 (`get_for_user_or_404`).
"""

import secrets
from datetime import date, datetime, timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lib import clock
from lib.masking import PHONE
from lib.periods import Month
from lib.screens import run_service
from orgs.models import AccessSurface
from orgs.privacy import record_access, shown
from orgs.roles import OFFICE_ROLES, Role
from orgs.scoping import get_for_user_or_404

from . import checkin, ical, services
from .forms import ActivityForm
from .models import (
    Activity,
    ActivityStatus,
    Attendance,
    CalendarFeed,
    Registration,
    Subsidy,
)


def organiser(user):
    if not (user.is_superuser or user.role in OFFICE_ROLES or user.role == Role.ORG_LEADER):
        raise PermissionDenied
    if user.role == Role.ORG_LEADER and not user.organisation_id:
        raise PermissionDenied


def activity_for(user, pk) -> Activity:
    organiser(user)
    return get_for_user_or_404(
        Activity.objects.select_related("area", "organisation", "created_by"), user, pk=pk
    )


# The months a calendar shows: anything outside (a typed 9999-12, 0001-01,
# whose neighbours do not exist) falls back to the current month.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_from(value: str) -> date:
    try:
        first = datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return clock.today().replace(day=1)
    if not FIRST_YEAR <= first.year <= LAST_YEAR:
        return clock.today().replace(day=1)
    return first


def month_bounds(first: date) -> tuple[datetime, datetime, date, date]:
    month = Month.of(first)
    return *month.bounds, month.previous().start, month.next().start


def by_day(activities) -> list[tuple[date, list]]:
    days: dict[date, list] = {}
    for activity in activities:
        days.setdefault(timezone.localdate(activity.starts_at), []).append(activity)
    return sorted(days.items())


@login_required
def calendar(request):
    organiser(request.user)
    first = month_from(request.GET.get("month", ""))
    start, end, previous, following = month_bounds(first)
    activities = (
        Activity.objects.for_user(request.user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("area", "organisation")
        .order_by("starts_at", "id")
    )
    return render(
        request,
        "activities/calendar.html",
        {
            "days": by_day(activities),
            "month": first,
            "previous": previous,
            "following": following,
        },
    )


@login_required
def new(request):
    organiser(request.user)
    return _edit(request, Activity(created_by=request.user))


@login_required
def edit(request, pk):
    return _edit(request, activity_for(request.user, pk))


def _edit(request, activity):
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            services.save_activity,
            _("Saved. Publish it when it is ready for residents to see."),
            form=form,
            activity=form.instance,
            by=request.user,
        )
        if saved:
            return redirect("activities:detail", pk=saved.value.pk)
    return render(request, "activities/form.html", {"form": form, "activity": activity})


@login_required
def detail(request, pk):
    activity = activity_for(request.user, pk)
    registrations = (
        Registration.objects.filter(activity=activity, cancelled_at__isnull=True)
        .select_related("person")
        .order_by("as_volunteer", "registered_at", "id")
    )
    attendances = Attendance.objects.filter(activity=activity).select_related(
        "person", "service_record"
    )
    places, volunteer_places = services.places_left(activity)
    # Phones as orgs/privacy.py's MASK_TABLE says for Person.phone on a page:
    # in full for the roles that call people back, masked for the others.
    registrations, attendances = list(registrations), list(attendances)
    people = [row.person for row in registrations + attendances]
    for person in people:
        person.phone_shown = shown(request.user, PHONE, person.phone)
    in_full_rows = sum(
        1 for person in people if person.phone and person.phone_shown == person.phone
    )
    record_access(
        user=request.user,
        kinds={PHONE},
        rows=in_full_rows,
        surface=AccessSurface.PAGE,
        what="activities.activity",
        object_id=activity.pk,
        path=request.path,
    )
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "registrations": registrations,
            "attendances": attendances,
            "places_left": places,
            "volunteer_places_left": volunteer_places,
            "is_draft": activity.status == ActivityStatus.DRAFT,
            "is_published": activity.status == ActivityStatus.PUBLISHED,
            # Its subsidy (补贴活动经费, activities.subsidy_views), or the way to apply.
            "subsidy": Subsidy.objects.filter(activity=activity).first(),
            "may_apply": activity.organisation_id
            and activity.organisation_id == request.user.organisation_id
            and activity.status != ActivityStatus.CANCELLED
            and activity.ends_at > clock.now(),
        },
    )


@login_required
@require_POST
def publish(request, pk):
    activity = activity_for(request.user, pk)
    run_service(
        request,
        services.publish,
        _("Published: residents see it in the public calendar."),
        activity=activity,
        by=request.user,
    )
    return redirect("activities:detail", pk=activity.pk)


@login_required
@require_POST
def cancel(request, pk):
    activity = activity_for(request.user, pk)
    run_service(
        request,
        services.cancel,
        _("The activity is cancelled."),
        activity=activity,
        by=request.user,
    )
    return redirect("activities:detail", pk=activity.pk)


# --- the rotating check-in code -------------------------------------------------------


def check_link(request, activity, code) -> str:
    path = reverse("activities:check", args=[activity.pk, code])
    base = (
        settings.SITE_URL.rstrip("/") if settings.SITE_URL else request.build_absolute_uri("/")[:-1]
    )
    return base + path


def code_state(request, activity) -> dict:
    code = checkin.current_code(activity.pk)
    link = check_link(request, activity, code)
    return {"link": link, "svg": qr_svg(link), "seconds": checkin.seconds_left()}


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (no file, no inline style: CSP)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=6, border=2, title=url, svgclass="qr", lineclass=None
    )


@login_required
@never_cache
def code(request, pk):
    activity = activity_for(request.user, pk)
    state = code_state(request, activity)
    opens, closes = checkin.window(activity)
    return render(
        request,
        "activities/code.html",
        {
            "activity": activity,
            "opens": opens,
            "closes": closes,
            "open_now": opens <= clock.now() <= closes,
            "link": state["link"],
            "qr": mark_safe(state["svg"]),  # segno's own markup, the URL escaped
            "seconds": state["seconds"],
            "refresh_url": reverse("activities:code_now", args=[activity.pk]),
        },
    )


@login_required
@never_cache
def code_now(request, pk):
    """The current code for the page's script (static/portal/checkin_code.js)."""
    activity = activity_for(request.user, pk)
    return JsonResponse(code_state(request, activity))


# --- the private calendar feed ----------------------------------------------------------


@login_required
def feed(request):
    organiser(request.user)
    if request.method == "POST":
        CalendarFeed.objects.filter(user=request.user).delete()
        if request.POST.get("action") == "new":
            CalendarFeed.objects.create(user=request.user, token=secrets.token_urlsafe(32))
            messages.success(request, _("A new private link is made; the old one no longer works."))
        else:
            messages.success(request, _("The private link is revoked."))
        return redirect("activities:feed")
    current = CalendarFeed.objects.filter(user=request.user).first()
    link = (
        request.build_absolute_uri(reverse("activities:private_feed", args=[current.token]))
        if current
        else ""
    )
    return render(request, "activities/feed.html", {"link": link})


def private_feed(request, token):
    current = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if current is None or not current.user.is_active:
        raise Http404
    activities = (
        Activity.objects.for_user(current.user)
        .exclude(status=ActivityStatus.DRAFT)
        .filter(starts_at__gte=timezone.now() - timedelta(days=92))
        .select_related("area")
        .order_by("starts_at", "id")
    )
    text = ical.calendar(
        activities,
        name=_("My activities and meetings"),
        host=request.get_host().split(":")[0],
        url_for=lambda a: request.build_absolute_uri(reverse("activities:detail", args=[a.pk])),
    )
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")
