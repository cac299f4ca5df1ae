"""After an activity or meeting is held: its minutes, outcomes and the
attendance the QR code did not capture, its photos (private until staff of
its jurisdiction publish them), and for a 书记沙龙 the residents' needs it
discussed, turned into a draft project (社区制单).

Who may do what:

- the organiser records minutes, attendance and photos: the account that
  created the activity, or office staff (`orgs.roles.OFFICE_ROLES`) whose
  jurisdiction holds it;
- office staff of its jurisdiction publish a photo and draft the project
  (drafting also needs `projects.add_project`, as on the projects' pages).

Views fetch the activity with `Activity.objects.for_user`, so another
jurisdiction's activity is a 404 before any of these rules is asked.

Person-times (人次). Sign-in records count towards the district's training
person-times like a training's attendances: per activity the sign-ins, or the
headcount recorded when names were not taken, whichever is larger. Only the
kinds that are a form of training count (`TRAINING_KINDS`): a 书记沙龙
(secretaries learning from each other's cases) and 三会一课 (its party lesson);
a joint meeting, a matching meeting, a five-social deliberation or an
organisation's service activity is work, not training.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import audit, clock
from orgs.models import Person
from orgs.roles import OFFICE_ROLES
from projects.models import Need, NeedStatus
from projects.services import tenders

from .meeting_models import MeetingPhoto, MeetingRecord
from .models import Activity, ActivityKind, ActivityStatus, Attendance

TRAINING_KINDS = (ActivityKind.SALON, ActivityKind.PARTY)


# --- who ---------------------------------------------------------------------------


def is_office(user) -> bool:
    return user.is_authenticated and (user.sees_everything or user.role in OFFICE_ROLES)


def may_record(user, activity: Activity) -> bool:
    """The organiser: its creator, or office staff (the caller fetched the
    activity through `for_user`, so it is in their jurisdiction)."""
    return activity.created_by_id == user.pk or is_office(user)


def may_publish(user) -> bool:
    return is_office(user)


def may_draft(user) -> bool:
    return is_office(user) and user.has_perm("projects.add_project")


def is_held(activity: Activity, now=None) -> bool:
    """Held: not cancelled, and it has begun."""
    now = now or clock.now()
    return activity.status != ActivityStatus.CANCELLED and activity.starts_at <= now


def _require_held(activity: Activity):
    if not is_held(activity):
        raise ValidationError(_("“%(title)s” has not been held yet.") % {"title": activity})


def record_of(activity: Activity) -> MeetingRecord:
    """The activity's record, or an unsaved empty one."""
    try:
        return activity.record
    except MeetingRecord.DoesNotExist:
        return MeetingRecord(activity=activity)


# --- minutes and attendance ------------------------------------------------------------


def record_minutes(*, activity: Activity, minutes: str, outcomes: str, headcount: int, by):
    """The minutes, outcomes and headcount of a held activity."""
    _require_held(activity)
    if headcount is None or headcount < 0:
        raise ValidationError(_("The headcount is a number of people, 0 or more."))
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        activity.minutes, activity.outcomes = minutes.strip(), outcomes.strip()
        activity.full_clean(exclude=["area", "organisation", "project", "created_by"])
        audit.save(activity, by=by, fields=["minutes", "outcomes"])
        record = record_of(activity)
        record.headcount, record.recorded_by, record.recorded_at = headcount, by, clock.now()
        record.save()
    return activity


# The most people a search on the minutes page offers at once.
PEOPLE_SHOWN = 20


def people_for(activity: Activity, user):
    """The people who may be added as attendees: those of its area whom
    `user` may see (an organisation's leader, its members; the office, its
    jurisdiction)."""
    return Person.objects.for_user(user).in_area(activity.area).order_by("name", "pk")


def people_matching(activity: Activity, user, query: str):
    """Up to PEOPLE_SHOWN people not yet signed in whose name starts with
    `query` (at least one character), and whether there were more."""
    query = (query or "").strip()
    if not query:
        return [], False
    signed = activity.attendances.values("person")
    found = list(
        people_for(activity, user)
        .exclude(pk__in=signed)
        .filter(name__startswith=query)[: PEOPLE_SHOWN + 1]
    )
    return found[:PEOPLE_SHOWN], len(found) > PEOPLE_SHOWN


def add_attendees(*, activity: Activity, people, by) -> list[Attendance]:
    """Sign-in records for people present but not signed in by the QR code,
    stamped with the activity's start."""
    _require_held(activity)
    people = list(people)
    if not people:
        raise ValidationError(_("Choose the people who attended."))
    allowed = set(
        people_for(activity, by).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    errors = [
        _("%(name)s is not a resident of this activity's area.") % {"name": p.name}
        for p in people
        if p.pk not in allowed
    ]
    with transaction.atomic():
        Activity.objects.select_for_update().get(pk=activity.pk)
        signed = set(activity.attendances.values_list("person_id", flat=True))
        errors += [
            _("%(name)s has already signed in.") % {"name": p.name}
            for p in people
            if p.pk in signed
        ]
        if errors:
            raise ValidationError(errors)
        made = [
            Attendance(activity=activity, person=p, checked_in_at=activity.starts_at, by_hand=True)
            for p in people
        ]
        for row in made:
            audit.save(row, by=by)
    return made


def remove_attendee(*, attendance: Attendance, by) -> None:
    """Take back a sign-in recorded by hand: under the activity's lock, read
    again; never a QR sign-in, never one with service hours. The deletion is
    in the record's history, with who took it back."""
    with transaction.atomic():
        Activity.objects.select_for_update().get(pk=attendance.activity_id)
        current = (
            Attendance.objects.select_related("person")
            .filter(pk=attendance.pk, activity_id=attendance.activity_id)
            .first()
        )
        if current is None:
            raise ValidationError(_("This sign-in record has already been removed."))
        if current.service_record_id:
            raise ValidationError(
                _("%(name)s has service hours from this activity; the record stays.")
                % {"name": current.person.name}
            )
        if not current.by_hand:
            raise ValidationError(
                _("%(name)s signed in by the code; only records added by hand can be removed.")
                % {"name": current.person.name}
            )
        current._history_user = by
        current._change_reason = "attendee removed"
        current.delete()


# --- photos ------------------------------------------------------------------------------


def upload_photo(*, activity: Activity, image, caption: str, by) -> MeetingPhoto:
    """A photo of a held activity, private until published."""
    _require_held(activity)
    photo = MeetingPhoto(activity=activity, image=image, caption=caption.strip(), uploaded_by=by)
    photo.full_clean()
    audit.save(photo, by=by)
    return photo


def publish_photo(*, photo: MeetingPhoto, by) -> MeetingPhoto:
    if photo.activity.status != ActivityStatus.PUBLISHED:
        raise ValidationError(_("Publish the activity before its photos."))
    photo.published_at, photo.published_by = clock.now(), by
    audit.save(photo, by=by, fields=["published_at", "published_by"])
    return photo


def withdraw_photo(*, photo: MeetingPhoto, by) -> MeetingPhoto:
    photo.published_at, photo.published_by = None, None
    audit.save(photo, by=by, fields=["published_at", "published_by"])
    return photo


def published_photos(activity: Activity):
    """What the public page of an activity shows: its published photos, and
    none while the activity itself is not published."""
    if activity.status != ActivityStatus.PUBLISHED:
        return MeetingPhoto.objects.none()
    return activity.photos.published()


# --- a salon's needs become a draft project (社区制单) ---------------------------------


def needs_for(activity: Activity):
    """The needs a salon may discuss: open needs of its area."""
    return Need.objects.in_area(activity.area).filter(status=NeedStatus.OPEN).order_by("-pk")


def link_needs(*, activity: Activity, needs, by) -> MeetingRecord:
    """Note the residents' needs a salon discussed."""
    if activity.kind != ActivityKind.SALON:
        raise ValidationError(_("Only a secretaries' salon (书记沙龙) discusses needs here."))
    needs = list(needs)
    area = activity.area.code
    outside = [n for n in needs if not n.community.code.startswith(area)]
    if outside:
        raise ValidationError(
            [_("“%(need)s” is a need of another area.") % {"need": n} for n in outside]
        )
    with transaction.atomic():
        record = record_of(activity)
        record.save()
        record.needs.add(*needs)
    return record


def draft_project(*, activity: Activity, by, **fields):
    """A draft project (in the projects' draft state) of the needs the salon
    discussed, in their community, with the salon noted as its origin in the
    description and on the salon's record. Refused when the activity is not
    a held salon, has no needs, or a need is of another area, of several
    communities, or already in a project."""
    if activity.kind != ActivityKind.SALON:
        raise ValidationError(_("Only a secretaries' salon (书记沙龙) drafts a project of needs."))
    _require_held(activity)
    record = record_of(activity)
    if record.pk and record.drafted_project_id:
        raise ValidationError(_("This salon has already drafted a project."))
    needs = list(record.needs.select_related("community", "project")) if record.pk else []
    if not needs:
        raise ValidationError(_("Note the needs the salon discussed first."))
    errors = []
    for need in needs:
        if not need.community.code.startswith(activity.area.code):
            errors.append(_("“%(need)s” is a need of another area.") % {"need": need})
        elif need.project_id or need.status != NeedStatus.OPEN:
            errors.append(_("“%(need)s” is already in a project.") % {"need": need})
    communities = {need.community for need in needs}
    if len(communities) > 1:
        errors.append(
            _("The needs are of several communities (%(names)s): a project is of one community.")
            % {"names": "、".join(sorted(c.name for c in communities))}
        )
    if errors:
        raise ValidationError(errors)
    origin = _("Drafted at the secretaries' salon “%(title)s” on %(date)s.") % {
        "title": activity.title,
        "date": f"{timezone.localtime(activity.starts_at):%Y-%m-%d}",
    }
    fields["description"] = f"{fields.get('description', '').strip()}\n\n{origin}".strip()
    with transaction.atomic():
        record = MeetingRecord.objects.select_for_update().get(pk=record.pk)
        if record.drafted_project_id:
            raise ValidationError(_("This salon has already drafted a project."))
        project = tenders.draft_project(community=communities.pop(), needs=needs, by=by, **fields)
        record.drafted_project = project
        record.save(update_fields=["drafted_project"])
    return project


# --- counting -------------------------------------------------------------------------


def held_in(queryset, begin, stop):
    """Activities of `queryset` held between two instants (not cancelled)."""
    return queryset.exclude(status=ActivityStatus.CANCELLED).filter(
        starts_at__gte=begin, starts_at__lt=stop
    )


def person_times_rows(queryset):
    """{"code": area code, "n": person-times} of training-like activities:
    per activity its sign-ins, or its headcount when larger (as a training's)."""
    per_area: dict[str, int] = {}
    for row in (
        queryset.filter(kind__in=TRAINING_KINDS)
        .annotate(listed=Count("attendances"), head=F("record__headcount"))
        .values("area__code", "listed", "head")
    ):
        code = row["area__code"]
        per_area[code] = per_area.get(code, 0) + max(row["listed"], row["head"] or 0)
    return [{"code": code, "n": n} for code, n in per_area.items()]


def person_times(queryset) -> int:
    return sum(row["n"] for row in person_times_rows(queryset))


def signed_in_activities(organisation, begin, stop):
    """An organisation's activities held between two instants that have
    sign-in records, with their sign-ins and person-times: the evidence for
    a scoring item that asks for sign-in records."""
    return (
        held_in(Activity.objects.filter(organisation=organisation), begin, stop)
        .annotate(signed=Count("attendances"), head=F("record__headcount"))
        .filter(Q(signed__gt=0))
        .order_by("starts_at", "pk")
    )
