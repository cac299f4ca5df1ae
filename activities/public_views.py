"""The residents' side: the public calendar of published activities
(/public/activities/) with each activity's page and iCal feed, signing up
(signed in by phone: residents.session), "my activities"
(/activities/mine/) and the link of the rotating check-in code
(/activities/<id>/check/<code>/).

A visitor not signed in is sent to the phone sign-in and back. Scanning a
valid code before signing in leaves a pass in the session for
ACTIVITY_CHECKIN_SIGN_IN_MINUTES, so the time the sign-in takes does not
expire the code they scanned.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lib import clock
from lib.masking import mask_phone
from lib.screens import run_service
from orgs.models import Area, AreaLevel
from orgs.services.volunteering import balance
from residents.session import signed_in_phone
from volunteers.models import Volunteer

from . import checkin, ical, services
from .forms import NewcomerForm
from .models import Activity, Attendance, Registration
from .views import by_day, month_bounds, month_from

PASS_KEY = "activities_check_pass"


def sign_in_first(request, next_url: str = ""):
    url = reverse("residents:sign_in")
    return redirect(f"{url}?{urlencode({'next': next_url or request.get_full_path()})}")


def published():
    return Activity.objects.published().select_related("area", "organisation")


def area_filter(request):
    """The street or community asked for (?area=<code>), if it is one."""
    code = request.GET.get("area", "")
    if not code.isdigit():
        return None
    return Area.objects.filter(code=code, level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY)).first()


def in_area(activities, area):
    if area is None:
        return activities
    # Held in the area, or by a street or district above it for everyone in it.
    above = [area.code[:n] for n in range(2, len(area.code), 1)]
    return activities.filter(Q(area__code__startswith=area.code) | Q(area__code__in=above))


def calendar(request):
    first = month_from(request.GET.get("month", ""))
    start, end, previous, following = month_bounds(first)
    area = area_filter(request)
    activities = in_area(published(), area).filter(starts_at__gte=start, starts_at__lt=end)
    feed = reverse("public_activities:feed")
    if area:
        feed += "?" + urlencode({"area": area.code})
    return render(
        request,
        "activities/public_calendar.html",
        {
            "days": by_day(activities.order_by("starts_at", "id")),
            "month": first,
            "previous": previous,
            "following": following,
            "area": area,
            "streets": Area.objects.filter(level=AreaLevel.STREET).order_by("code"),
            "feed": request.build_absolute_uri(feed),
        },
    )


# The public feed: published activities from FEED_DAYS_BACK ago on, the
# newest FEED_MOST (the cut drops the oldest, never what is coming). A
# cancelled activity has no public page and leaves the feed (a subscribed
# calendar drops an event the feed no longer carries).
FEED_DAYS_BACK = 92
FEED_MOST = 500


def feed(request):
    area = area_filter(request)
    since = clock.now() - timedelta(days=FEED_DAYS_BACK)
    activities = in_area(Activity.objects.published(), area).filter(starts_at__gte=since)
    newest = activities.select_related("area").order_by("-starts_at", "-id")[:FEED_MOST]
    text = ical.calendar(
        sorted(newest, key=lambda a: (a.starts_at, a.pk)),
        name=_("Community activities") + (f" · {area.name}" if area else ""),
        host=request.get_host().split(":")[0],
        url_for=lambda a: request.build_absolute_uri(
            reverse("public_activities:activity", args=[a.pk])
        ),
    )
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")


@never_cache
def activity(request, pk):
    shown = get_object_or_404(published(), pk=pk)
    phone = signed_in_phone(request)
    person = services.person_for_phone(phone) if phone else None
    mine = (
        Registration.objects.filter(
            activity=shown, person=person, cancelled_at__isnull=True
        ).first()
        if person
        else None
    )
    places, volunteer_places = services.places_left(shown)
    # Serving takes a confirmed volunteer: anyone else is told how to become one.
    volunteer = Volunteer.objects.filter(phone=phone).first() if phone else None
    return render(
        request,
        "activities/public_activity.html",
        {
            "activity": shown,
            "volunteer": volunteer,
            # Sign-up closes when the activity starts (activities.services.sign_up).
            "started": shown.starts_at <= clock.now(),
            "phone_masked": mask_phone(phone or ""),
            "signed_in": bool(phone),
            "person": person,
            "mine": mine,
            "places_left": places,
            "volunteer_places_left": volunteer_places,
            "newcomer": None
            if person
            else NewcomerForm(communities=services.communities_for(shown)),
        },
    )


@require_POST
def sign_up(request, pk):
    shown = get_object_or_404(published(), pk=pk)
    back = reverse("public_activities:activity", args=[shown.pk])
    phone = signed_in_phone(request)
    if phone is None:
        return sign_in_first(request, back)
    person = services.person_for_phone(phone)
    newcomer = None
    if person is None:
        form = NewcomerForm(request.POST, communities=services.communities_for(shown))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        newcomer = {"phone": phone, **form.cleaned_data}
    as_volunteer = request.POST.get("as_volunteer") == "1"
    run_service(
        request,
        services.sign_up,
        _("You are signed up to serve as a volunteer.")
        if as_volunteer
        else _("You are signed up."),
        activity_id=shown.pk,
        person=person,
        newcomer=newcomer,
        as_volunteer=as_volunteer,
    )
    return redirect(back)


@never_cache
def mine(request):
    phone = signed_in_phone(request)
    if phone is None:
        return sign_in_first(request)
    person = services.person_for_phone(phone)
    registrations = attendances = []
    points = None
    if person is not None:
        points = balance(person)
        registrations = (
            Registration.objects.filter(person=person)
            .select_related("activity__area")
            .order_by("-activity__starts_at", "-id")
        )
        attendances = (
            Attendance.objects.filter(person=person)
            .select_related("activity", "service_record")
            .order_by("-checked_in_at")
        )
    return render(
        request,
        "activities/mine.html",
        {
            "phone_masked": mask_phone(phone),
            "registrations": registrations,
            "attendances": attendances,
            "points": points,
        },
    )


@require_POST
def cancel_sign_up(request, pk):
    phone = signed_in_phone(request)
    if phone is None:
        return sign_in_first(request, reverse("activities:mine"))
    person = services.person_for_phone(phone)
    if person is None:
        raise Http404
    run_service(
        request,
        services.cancel_sign_up,
        _("Your sign-up is cancelled."),
        registration_id=pk,
        person=person,
    )
    return redirect("activities:mine")


# --- the link in the QR code ----------------------------------------------------------


def _has_pass(request, pk) -> bool:
    held = request.session.get(PASS_KEY) or {}
    return held.get("activity") == pk and held.get("until", 0) >= time.time()


@never_cache
def check(request, pk, code):
    """GET shows the button (a GET never writes); POST checks in or out."""
    shown = Activity.objects.filter(pk=pk).first()
    if shown is None:
        raise Http404
    phone = signed_in_phone(request)
    valid = checkin.code_is_valid(pk, code) or _has_pass(request, pk)
    if phone is None:
        if valid:
            minutes = settings.ACTIVITY_CHECKIN_SIGN_IN_MINUTES
            request.session[PASS_KEY] = {"activity": pk, "until": time.time() + minutes * 60}
        return sign_in_first(request)
    result = None
    refusal = (
        None
        if valid
        else _("This code has expired or belongs to another activity. Scan the code shown now.")
    )
    person = services.person_for_phone(phone)
    if request.method == "POST" and refusal is None:
        if person is None:
            refusal = _("Sign up for this activity first, then scan the code again.")
        else:
            done = run_service(request, checkin.scan_with_pass, activity_id=pk, person=person)
            if done:
                request.session.pop(PASS_KEY, None)
                result = done.value
    attendance = (
        Attendance.objects.filter(activity=shown, person=person).first() if person else None
    )
    return render(
        request,
        "activities/check.html",
        {
            "activity": shown,
            "refusal": refusal,
            "result": result,
            "attendance": attendance,
            "phone_masked": mask_phone(phone),
        },
        status=400 if refusal and request.method == "POST" else 200,
    )
