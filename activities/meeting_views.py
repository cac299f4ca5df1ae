"""The page of a held activity for its organiser: minutes, outcomes,
attendance not captured by the QR code, photos and, for a 书记沙龙, the needs
it discussed and the project it drafts. Plus the public side: a published
activity's published photos.

Every staff view fetches the activity with `for_user`: another
jurisdiction's is a 404. The rules of who may do what are in
activities.meetings.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.screens import run_service
from orgs.scoping import get_for_user_or_404
from orgs.views.files import file_response

from . import meetings
from .meeting_forms import AttendeesForm, DraftProjectForm, MinutesForm, NeedsForm, PhotoForm
from .meeting_models import MeetingPhoto
from .models import Activity, ActivityKind, ActivityStatus, Attendance


def _activity(request, pk) -> Activity:
    activity = get_for_user_or_404(
        Activity.objects.select_related("area", "organisation", "created_by"),
        request.user,
        pk=pk,
    )
    if not meetings.may_record(request.user, activity):
        raise PermissionDenied
    return activity


def _back(activity):
    return redirect("activities:minutes", pk=activity.pk)


def _page(request, activity, **forms):
    record = meetings.record_of(activity)
    salon = activity.kind == ActivityKind.SALON
    context = {
        "activity": activity,
        "record": record,
        "held": meetings.is_held(activity),
        "salon": salon,
        "may_publish": meetings.may_publish(request.user),
        "may_draft": salon and meetings.may_draft(request.user),
        "attendances": activity.attendances.select_related("person").order_by("person__name"),
        "photos": activity.photos.all(),
        "needs": record.needs.select_related("community", "project") if record.pk else [],
        "person_times": max(activity.attendances.count(), record.headcount),
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(
            initial={
                "minutes": activity.minutes,
                "outcomes": activity.outcomes,
                "headcount": record.headcount,
            }
        ),
        "attendees_form": forms.get("attendees_form")
        or AttendeesForm(activity=activity, user=request.user, query=request.GET.get("q", "")[:20]),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "needs_form": (forms.get("needs_form") or NeedsForm(activity=activity, user=request.user))
        if salon
        else None,
    }
    return render(request, "activities/meetings/minutes.html", context)


@login_required
def minutes(request, pk):
    activity = _activity(request, pk)
    if request.method != "POST":
        return _page(request, activity)
    form = MinutesForm(request.POST)
    if form.is_valid() and run_service(
        request,
        meetings.record_minutes,
        _("Minutes saved."),
        form=form,
        activity=activity,
        by=request.user,
        **form.cleaned_data,
    ):
        return _back(activity)
    return _page(request, activity, minutes_form=form)


@login_required
@require_POST
def attendees(request, pk):
    activity = _activity(request, pk)
    form = AttendeesForm(request.POST, activity=activity, user=request.user)
    if form.is_valid() and run_service(
        request,
        meetings.add_attendees,
        lambda made: _("%(n)d attendees added.") % {"n": len(made)},
        form=form,
        activity=activity,
        people=form.cleaned_data["people"],
        by=request.user,
    ):
        return _back(activity)
    return _page(request, activity, attendees_form=form)


@login_required
@require_POST
def attendee_remove(request, pk, attendance_pk):
    activity = _activity(request, pk)
    attendance = get_object_or_404(Attendance, activity=activity, pk=attendance_pk)
    run_service(
        request,
        meetings.remove_attendee,
        _("Sign-in record removed."),
        attendance=attendance,
        by=request.user,
    )
    return _back(activity)


@login_required
@require_POST
def photo_upload(request, pk):
    activity = _activity(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid() and run_service(
        request,
        meetings.upload_photo,
        _("Photo uploaded. It stays private until staff publish it."),
        form=form,
        activity=activity,
        by=request.user,
        **form.cleaned_data,
    ):
        return _back(activity)
    return _page(request, activity, photo_form=form)


@login_required
@require_POST
def photo_publish(request, pk, photo_pk, publish):
    activity = _activity(request, pk)
    if not meetings.may_publish(request.user):
        raise PermissionDenied
    photo = get_object_or_404(MeetingPhoto, activity=activity, pk=photo_pk)
    if publish:
        run_service(
            request,
            meetings.publish_photo,
            _("Photo published."),
            photo=photo,
            by=request.user,
        )
    else:
        run_service(
            request,
            meetings.withdraw_photo,
            _("Photo made private again."),
            photo=photo,
            by=request.user,
        )
    return _back(activity)


@login_required
@require_POST
def needs(request, pk):
    activity = _activity(request, pk)
    if activity.kind != ActivityKind.SALON:
        raise Http404
    form = NeedsForm(request.POST, activity=activity, user=request.user)
    if form.is_valid() and run_service(
        request,
        meetings.link_needs,
        _("Needs noted."),
        form=form,
        activity=activity,
        needs=form.cleaned_data["needs"],
        by=request.user,
    ):
        return _back(activity)
    return _page(request, activity, needs_form=form)


@login_required
def draft_project(request, pk):
    activity = _activity(request, pk)
    if activity.kind != ActivityKind.SALON:
        raise Http404
    if not meetings.may_draft(request.user):
        raise PermissionDenied
    record = meetings.record_of(activity)
    needs = list(record.needs.select_related("community")) if record.pk else []
    form = DraftProjectForm(request.POST or None, activity=activity, needs=needs, user=request.user)
    if request.method == "POST" and form.is_valid():
        drafted = run_service(
            request,
            meetings.draft_project,
            _(
                "Project drafted from the salon's needs. The street officer approves and publishes it."
            ),
            form=form,
            activity=activity,
            by=request.user,
            **form.cleaned_data,
        )
        if drafted:
            return redirect("projects:project", pk=drafted.value.pk)
    return render(
        request,
        "activities/meetings/draft_project.html",
        {"activity": activity, "needs": needs, "form": form, "record": record},
    )


# --- public -------------------------------------------------------------------------------


def _public_activity(pk) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("area"), pk=pk, status=ActivityStatus.PUBLISHED
    )


def public_photos(request, pk):
    """A published activity's published photos, for anyone."""
    activity = _public_activity(pk)
    return render(
        request,
        "activities/meetings/public_photos.html",
        {"activity": activity, "photos": meetings.published_photos(activity)},
    )


def public_photo(request, pk):
    """A published photo's file; a private one is a 404 to everyone here
    (staff fetch it through the portal's file view, which checks who asks)."""
    photo = (
        MeetingPhoto.objects.published()
        .filter(pk=pk, activity__status=ActivityStatus.PUBLISHED)
        .first()
    )
    if photo is None:
        raise Http404
    return file_response(photo.image, personal=False)
