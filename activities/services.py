"""What organisers and residents do with an activity: publish or cancel it,
sign up (to attend, or as a confirmed volunteer to serve) and cancel a
sign-up.

Places are never overbooked: the activity's row is locked while its
sign-ups are counted and the new one written, so two residents taking the
last place at once queue there and the second is told it is full.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lib import clock
from orgs.models import Area, AreaLevel, Person
from volunteers.models import Volunteer

from . import subsidies
from .models import Activity, ActivityStatus, Registration


def person_for_phone(phone: str) -> Person | None:
    """The person a signed-in phone is: the confirmed volunteer registered
    with it, else a person record with that number (the newest).

    A volunteer not (yet) confirmed is no key to the person they named: the
    community has not checked they are that person, so until then the
    phone counts as a newcomer's, or as the record that carries it."""
    volunteer = Volunteer.objects.confirmed().with_phone(phone).select_related("person").first()
    if volunteer is not None:
        return volunteer.person
    return Person.objects.filter(phone=phone).order_by("-id").first()


def communities_for(activity: Activity):
    """Where a newcomer signing up for `activity` may say they live."""
    return Area.objects.filter(
        level=AreaLevel.COMMUNITY, code__startswith=activity.area.code
    ).order_by("code")


def new_person(*, phone: str, name: str, community: Area) -> Person:
    """The newcomer's person: the one already recorded with this phone in
    this community (a second tap, an earlier sign-up), else a new one.
    Called by `sign_up` inside its lock, so a refused sign-up makes none."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Please give your full name."))
    if community is None or community.level != AreaLevel.COMMUNITY:
        raise ValidationError(_("Please choose the community you live in."))
    known = Person.objects.filter(phone=phone, community=community).order_by("-id").first()
    if known is not None:
        return known
    person = Person(
        name=name, phone=phone, community=community, note=_("Signed up for an activity")
    )
    person.full_clean()
    person.save()
    return person


def open_for_sign_up(activity: Activity) -> None:
    if activity.status != ActivityStatus.PUBLISHED:
        raise ValidationError(_("This activity is cancelled or not published: no sign-up."))
    if activity.starts_at <= clock.now():
        raise ValidationError(_("This activity has already started or ended: no sign-up."))


def sign_up(
    *,
    activity_id: int,
    person: Person | None = None,
    newcomer: dict | None = None,
    as_volunteer: bool = False,
) -> Registration:
    """Take a place (to attend) or a volunteer place (to serve).

    A phone the platform does not know gives `newcomer` (phone, name,
    community) instead of `person`: their person is made in the same
    transaction, so a refused sign-up leaves none behind."""
    with transaction.atomic():
        # The lock: parallel sign-ups for this activity queue here.
        activity = Activity.objects.select_for_update().get(pk=activity_id)
        open_for_sign_up(activity)
        if person is None:
            person = new_person(**newcomer)
        live = Registration.objects.filter(activity=activity, cancelled_at__isnull=True)
        if live.filter(person=person).exists():
            raise ValidationError(_("You have already signed up for this activity."))
        if as_volunteer:
            confirmed = Volunteer.objects.confirmed().filter(person=person).exists()
            if not confirmed:
                raise ValidationError(
                    _(
                        "Only volunteers confirmed by their community can sign up to serve. "
                        "Register as a volunteer first, or wait for the confirmation."
                    )
                )
            if activity.volunteer_places == 0:
                raise ValidationError(_("This activity takes no volunteers."))
            if live.filter(as_volunteer=True).count() >= activity.volunteer_places:
                raise ValidationError(_("All volunteer places are taken."))
        else:
            if activity.places == 0:
                raise ValidationError(_("This activity takes no registrations."))
            if live.filter(as_volunteer=False).count() >= activity.places:
                raise ValidationError(_("This activity is full: all places are taken."))
        return Registration.objects.create(
            activity=activity, person=person, as_volunteer=as_volunteer
        )


def cancel_sign_up(*, registration_id: int, person: Person) -> Registration:
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("activity")
            .filter(pk=registration_id, person=person, cancelled_at__isnull=True)
            .first()
        )
        if registration is None:
            raise ValidationError(_("No such sign-up of yours."))
        if registration.activity.starts_at <= clock.now():
            raise ValidationError(
                _("The activity has started: the sign-up can no longer be cancelled.")
            )
        registration.cancelled_at = clock.now()
        registration.save(update_fields=["cancelled_at"])
        return registration


def places_left(activity: Activity) -> tuple[int, int]:
    """(places, volunteer places) still free."""
    live = Registration.objects.filter(activity=activity, cancelled_at__isnull=True)
    taken = live.filter(as_volunteer=False).count()
    serving = live.filter(as_volunteer=True).count()
    return max(activity.places - taken, 0), max(activity.volunteer_places - serving, 0)


# --- the organiser's side ------------------------------------------------------------


def save_activity(*, activity: Activity, by) -> Activity:
    activity.full_clean()
    if activity.pk is None:
        activity.created_by = by
    activity.save()
    return activity


def publish(*, activity: Activity, by) -> Activity:
    if activity.status != ActivityStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    activity.status = ActivityStatus.PUBLISHED
    activity.save(update_fields=["status"])
    return activity


def cancel(*, activity: Activity, by) -> Activity:
    """Cancel the activity; its subsidy, if any, is closed with it
    (activities.subsidies.close_for_cancelled)."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.status == ActivityStatus.CANCELLED:
            raise ValidationError(_("This activity is already cancelled."))
        if activity.ends_at <= clock.now():
            raise ValidationError(_("This activity is over: it cannot be cancelled."))
        activity.status = ActivityStatus.CANCELLED
        activity.save(update_fields=["status"])
        subsidies.close_for_cancelled(activity, by)
    return activity
