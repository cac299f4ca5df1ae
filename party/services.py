"""The party app's writes: link a household to a party member, end the tie,
record a service, register a working party member (双报到), tick an item
of the standard venue (六有). Each one transaction; what is checked is
locked first; the account must see every record it names."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lib import audit
from orgs.models import Organisation, Person

from .models import DualRegistration, Household, HouseholdService, HouseholdTie, VenueCheck


def _seen(model, by, pk, message):
    """The row `pk` of `model` if `by` may see it; refused otherwise (an
    outsider learns nothing more than from a missing row)."""
    found = model.objects.for_user(by).filter(pk=pk).first()
    if found is None:
        raise ValidationError(message)
    return found


def _party_member(by, person: Person) -> Person:
    person = _seen(Person, by, person.pk, _("Choose a person of your area."))
    if not person.is_party_member:
        raise ValidationError(
            _("%(name)s is not recorded as a party member.") % {"name": person.name}
        )
    return person


def link_household(*, by, party_member: Person, household: Household, started_on: date):
    """Link `household` to `party_member` (党员联系户). A household has one
    party member at a time: the household's row is locked, so of two
    officers linking it at once the second is told it is taken. A party
    member may take more than six; the ties page shows who is over six."""
    member = _party_member(by, party_member)
    with transaction.atomic():
        household = _seen(Household, by, household.pk, _("Choose a household of your area."))
        Household.objects.select_for_update().filter(pk=household.pk).first()
        taken = HouseholdTie.objects.live().filter(household=household).first()
        if taken is not None:
            raise ValidationError(
                _("This household is already linked to a party member: end that tie first.")
            )
        if member.community_id != household.community_id:
            raise ValidationError(
                _("The party member and the household must be of the same community.")
            )
        tie = HouseholdTie(
            party_member=member, household=household, started_on=started_on, recorded_by=by
        )
        tie.full_clean()
        return audit.save(tie, by=by)


def end_tie(*, by, tie: HouseholdTie, ended_on: date) -> HouseholdTie:
    with transaction.atomic():
        tie = _seen(HouseholdTie, by, tie.pk, _("Choose a tie of your area."))
        tie = HouseholdTie.objects.select_for_update().get(pk=tie.pk)
        if tie.ended_on is not None:
            raise ValidationError(_("This tie has already ended."))
        tie.ended_on = ended_on
        tie.full_clean()
        return audit.save(tie, by=by, fields=["ended_on"])


def record_household_service(
    *, by, household: Household, served_by: Person, served_on: date, description: str
) -> HouseholdService:
    """One of the N services (N项服务) a linked household received."""
    household = _seen(Household, by, household.pk, _("Choose a household of your area."))
    served_by = _seen(Person, by, served_by.pk, _("Choose a person of your area."))
    with transaction.atomic():
        service = HouseholdService(
            household=household,
            served_by=served_by,
            served_on=served_on,
            description=description,
            recorded_by=by,
        )
        service.full_clean()
        return audit.save(service, by=by)


def register(*, by, person: Person, employer: str, community, registered_on: date):
    """A working party member registers with their residential community
    (在职党员"双报到"); one community at a time."""
    member = _party_member(by, person)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=member.pk).first()
        if DualRegistration.objects.live().filter(person=member).exists():
            raise ValidationError(_("This party member is already registered with a community."))
        registration = DualRegistration(
            person=member,
            employer=employer,
            community=community,
            registered_on=registered_on,
            recorded_by=by,
        )
        registration.full_clean()
        return audit.save(registration, by=by)


def tick(*, by, organisation: Organisation, item, ticked_on: date, note: str = "") -> VenueCheck:
    """Tick an item of the standard venue (六有) for a party organisation."""
    organisation = _seen(
        Organisation, by, organisation.pk, _("Choose an organisation of your area.")
    )
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        check = VenueCheck(
            organisation=organisation, item=item, ticked_on=ticked_on, note=note, recorded_by=by
        )
        check.full_clean()
        return audit.save(check, by=by)
