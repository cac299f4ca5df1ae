"""What happens to a volunteer: registering (with a minor's guardian asked
by text), the guardian's consent, the community's decision. The other apps
use these and `Volunteer.objects.confirmed()`:

    volunteer_for_phone(phone) -> Volunteer | None
    register(phone=..., name=..., id_number=..., community=..., skills=..., availability=[...])
    confirm(volunteer, by)
    refuse(volunteer, by, reason)

Each refuses with a ValidationError saying why, and changes nothing then.
The certificates are in volunteers.certificates.
"""

from datetime import date

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import ric

from lib import audit, clock
from lib.validators import normalise_code, normalise_phone, validate_id_number, validate_phone
from notifications.texts import Text, text
from orgs.models import Person

from .models import Volunteer, VolunteerStatus

# 《中华人民共和国民法典》 Art. 19-20: from 8 a minor has limited capacity for
# civil conduct and may act with the guardian's consent; under 8, none.
# 《志愿服务条例》 Art. 15 lets such a minor serve with the guardian's consent,
# so 8 is the youngest who may register, and under 18 needs the guardian.
YOUNGEST = 8
ADULT = 18
# How long the guardian's consent link works.
GUARDIAN_LINK_DAYS = 7
GUARDIAN_SALT = "volunteers.guardian"
# One answer for an ID number already a volunteer's, recorded under another
# name or in another community: which one it is would tell a stranger too much.
NOT_HERE = gettext_lazy(
    "These details cannot be registered online: check your name, ID number and community, "
    "or call your community to register there."
)

AVAILABILITY = {
    "weekday_day": gettext_lazy("Weekday daytime"),
    "weekday_evening": gettext_lazy("Weekday evenings"),
    "weekend": gettext_lazy("Weekends"),
}


def volunteer_for_phone(phone: str | None) -> Volunteer | None:
    if not phone:
        return None
    return (
        Volunteer.objects.select_related("person__community__parent")
        .filter(phone=normalise_phone(phone))
        .first()
    )


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_date(id_number: str) -> date:
    return ric.get_birth_date(normalise_code(id_number))


def is_minor(volunteer: Volunteer, day: date | None = None) -> bool:
    if volunteer.birth_date is None:
        return False
    return age_on(volunteer.birth_date, day or clock.today()) < ADULT


def _checked(
    *, phone, name, id_number, community, availability, guardian_name, guardian_phone
) -> tuple[date, bool]:
    """The registration's own checks, before anything is read or written:
    the birth date and whether a guardian must consent."""
    if not name:
        raise ValidationError(_("Enter your real name."), code="name")
    validate_id_number(id_number)
    if community is None or community.level != "community":
        raise ValidationError(_("Choose the community you live in."), code="community")
    if any(a not in AVAILABILITY for a in availability):
        raise ValidationError(_("Choose when you can serve from the list."), code="availability")
    born = birth_date(id_number)
    age = age_on(born, clock.today())
    if age < YOUNGEST:
        raise ValidationError(
            _("Volunteers must be at least %(age)d years old.") % {"age": YOUNGEST}, code="age"
        )
    minor = age < ADULT
    if minor:
        if not guardian_name or not guardian_phone:
            raise ValidationError(
                _(
                    "You are under 18: give your guardian's name and mobile number; "
                    "we text them to ask for their consent."
                ),
                code="guardian",
            )
        validate_phone(guardian_phone)
        if guardian_phone == phone:
            raise ValidationError(
                _("Your guardian's mobile number must be theirs, not the one you signed in with."),
                code="guardian",
            )
    return born, minor


def _person_for(*, phone, name, id_number, community) -> Person:
    """The person recorded with this ID number in this community, or a new
    one; refused if already a volunteer, or recorded under another name or
    in another community, all with one message that tells nothing about
    the record (a neighbour's ID number is no key to it).

    An existing person's phone is not changed here: the community worker
    confirms the person is who they say, and `confirm` then puts the number
    on the record."""
    if Volunteer.objects.filter(phone=phone).exists():
        raise ValidationError(
            _("A volunteer is already registered with this phone."), code="duplicate"
        )
    person = Person.objects.select_for_update().filter(id_number=id_number).first()
    if person is None:
        person = Person(
            name=name,
            id_number=id_number,
            gender="m" if int(id_number[16]) % 2 else "f",
            community=community,
            phone=phone,
        )
        audit.save(person, by=None)
        return person
    if (
        Volunteer.objects.filter(person=person).exists()
        or person.name != name
        or person.community_id != community.pk
    ):
        raise ValidationError(NOT_HERE, code="refused")
    return person


def register(
    *,
    phone: str,
    name: str,
    id_number: str,
    community,
    skills: str = "",
    availability=(),
    guardian_name: str = "",
    guardian_phone: str = "",
) -> Volunteer:
    """A resident signed in with `phone` (verified by its code) registers.

    The person is the one recorded with that ID number, if any (given this
    phone and community), or a new one. An adult waits for the community; a
    minor's guardian gets a text with the consent link first."""
    phone = normalise_phone(phone)
    name = (name or "").strip()
    id_number = normalise_code(id_number)
    guardian_name = (guardian_name or "").strip()
    guardian_phone = normalise_phone(guardian_phone or "")
    born, minor = _checked(
        phone=phone,
        name=name,
        id_number=id_number,
        community=community,
        availability=availability,
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
    )
    if not minor:
        guardian_name = guardian_phone = ""
    with transaction.atomic():
        person = _person_for(phone=phone, name=name, id_number=id_number, community=community)
        volunteer = Volunteer(
            person=person,
            phone=phone,
            skills=(skills or "").strip()[:200],
            availability=[a for a in AVAILABILITY if a in availability],
            birth_date=born,
            guardian_name=guardian_name,
            guardian_phone=guardian_phone,
            status=VolunteerStatus.AWAITING_GUARDIAN if minor else VolunteerStatus.PENDING,
        )
        try:
            with transaction.atomic():
                audit.save(volunteer, by=None)
        except IntegrityError as exc:  # the same phone registered a moment ago
            raise ValidationError(
                _("A volunteer is already registered with this phone."), code="duplicate"
            ) from exc
        if minor:
            ask_guardian(volunteer)
    return volunteer


def guardian_token(volunteer: Volunteer) -> str:
    return signing.TimestampSigner(salt=GUARDIAN_SALT).sign(str(volunteer.pk))


def guardian_link(volunteer: Volunteer) -> str:
    return reverse("volunteers:guardian", args=[guardian_token(volunteer)])


class LinkExpired(Exception):
    pass


def volunteer_for_token(token: str) -> Volunteer | None:
    """The volunteer a guardian's link is for; None for a link that is not
    ours; LinkExpired once GUARDIAN_LINK_DAYS have passed."""
    signer = signing.TimestampSigner(salt=GUARDIAN_SALT)
    try:
        pk = signer.unsign(token, max_age=GUARDIAN_LINK_DAYS * 24 * 3600)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature:
        return None
    return Volunteer.objects.select_related("person__community__parent").filter(pk=pk).first()


def ask_guardian(volunteer: Volunteer) -> None:
    text(
        [volunteer.guardian_phone],
        Text("guardian", link=guardian_link(volunteer)),
        key=f"volunteer-guardian-{volunteer.pk}",
    )


def consent(volunteer: Volunteer) -> Volunteer:
    """The guardian consents: the registration goes to the community."""
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if volunteer.status != VolunteerStatus.AWAITING_GUARDIAN:
            raise ValidationError(
                _("This registration is no longer waiting for a guardian's consent."),
                code="state",
            )
        volunteer.status = VolunteerStatus.PENDING
        volunteer.guardian_consented_at = clock.now()
        audit.save(volunteer, by=None, reason="guardian consent")
    return volunteer


def _decide(volunteer: Volunteer, by, status: str, reason: str = "") -> Volunteer:
    if not by.has_perm("volunteers.change_volunteer"):
        raise ValidationError(_("Only the community confirms volunteers."), code="role")
    with transaction.atomic():
        volunteer = (
            Volunteer.objects.for_user(by).select_for_update().filter(pk=volunteer.pk).first()
        )
        if volunteer is None:
            raise ValidationError(_("This volunteer is not in your jurisdiction."), code="scope")
        if volunteer.status != VolunteerStatus.PENDING:
            raise ValidationError(
                _("%(name)s is not waiting for the community's confirmation (%(status)s).")
                % {"name": volunteer.person.name, "status": volunteer.get_status_display()},
                code="state",
            )
        volunteer.status = status
        volunteer.refusal_reason = reason
        volunteer.decided_at = clock.now()
        volunteer.decided_by = by
        audit.save(volunteer, by=by)
    return volunteer


def confirm(volunteer: Volunteer, by) -> Volunteer:
    """The community worker confirms the volunteer is the person on the
    record: only now does the record take the phone they registered with."""
    with transaction.atomic():
        volunteer = _decide(volunteer, by, VolunteerStatus.CONFIRMED)
        person = Person.objects.select_for_update().get(pk=volunteer.person_id)
        if person.phone != volunteer.phone:
            person.phone = volunteer.phone
            audit.save(person, by=by, reason="volunteer confirmed")
    return volunteer


def refuse(volunteer: Volunteer, by, reason: str) -> Volunteer:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Say why the volunteer is not confirmed: they will read it."), code="reason"
        )
    return _decide(volunteer, by, VolunteerStatus.REFUSED, reason[:200])
