"""The volunteer-service certificate (志愿服务证明), as 民政部《志愿服务记录与
证明出具办法（试行）》(2020) has it: issued on the records kept, for a
registered volunteer, saying who (the name, the ID number partly hidden),
when (the period served), how much (the total hours), what (the service
content: the activities), and who issues it, with a contact and the date.

Each is numbered per community and year and kept (VolunteerCertificate), with
a short check code: anyone holding a copy may check it on the public page
/me/volunteer/verify/<number>-<code>/.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Sum
from django.utils.translation import gettext as _

from lib import clock
from lib.masking import mask_id_number
from orgs.models import ServiceRecord

from .models import Volunteer, VolunteerCertificate

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CONTENT_LENGTH = 500


def service_summary(person) -> dict:
    """The service on record: first and last day, total hours, what was done."""
    records = ServiceRecord.objects.filter(person=person)
    found = records.aggregate(start=Min("served_on"), end=Max("served_on"), hours=Sum("hours"))
    activities = []
    for name in records.order_by("served_on", "pk").values_list("activity", flat=True):
        if name not in activities:
            activities.append(name)
    return {**found, "hours": found["hours"] or 0, "activities": activities}


def _content(activities) -> str:
    text = "、".join(activities)
    return text if len(text) <= CONTENT_LENGTH else text[: CONTENT_LENGTH - 1] + "…"


def issuer_of(volunteer: Volunteer) -> str:
    community = volunteer.person.community
    street = community.parent.name if community.parent_id else ""
    return f"{street}{community.name}"


def contact_of(by, issuer: str) -> str:
    """Whom to call about the certificate: the issuing worker's name and
    phone, or without a phone on record, their name and the community."""
    if by.phone:
        return " ".join(part for part in (by.name, by.phone) if part)
    return f"{by.name}（{issuer}）" if by.name else issuer


def contact_shown(certificate: VolunteerCertificate) -> str:
    """The contact as printed; a certificate issued before contact_of stored a
    name alone gets its community beside it."""
    contact = certificate.contact
    if any(c.isdigit() for c in contact) or "（" in contact:
        return contact
    return f"{contact}（{certificate.issuer}）" if contact else certificate.issuer


def issue(volunteer: Volunteer, by) -> VolunteerCertificate:
    """Issue a certificate on the service recorded so far."""
    if not by.has_perm("volunteers.add_volunteercertificate"):
        raise ValidationError(_("Only the community issues certificates."), code="role")
    volunteer = (
        Volunteer.objects.for_user(by)
        .select_related("person__community__parent")
        .filter(pk=volunteer.pk)
        .first()
    )
    if volunteer is None:
        raise ValidationError(_("This volunteer is not in your jurisdiction."), code="scope")
    if not volunteer.is_confirmed:
        raise ValidationError(
            _("%(name)s is not a confirmed volunteer: no certificate can be issued.")
            % {"name": volunteer.person.name},
            code="state",
        )
    summary = service_summary(volunteer.person)
    if not summary["hours"]:
        raise ValidationError(
            _("No service is recorded for %(name)s yet: there is nothing to certify.")
            % {"name": volunteer.person.name},
            code="empty",
        )
    community = volunteer.person.community
    year = clock.today().year
    prefix = f"{year}{community.code[-6:]}"
    contact = contact_of(by, issuer_of(volunteer))
    for _attempt in range(5):
        issued = VolunteerCertificate.objects.filter(number__startswith=prefix).count()
        certificate = VolunteerCertificate(
            number=f"{prefix}{issued + 1:04d}",
            check_code="".join(secrets.choice(ALPHABET) for _ in range(6)),
            volunteer=volunteer,
            name=volunteer.person.name,
            id_number_shown=mask_id_number(volunteer.person.id_number),
            period_start=summary["start"],
            period_end=summary["end"],
            hours=summary["hours"],
            content=_content(summary["activities"]),
            issuer=issuer_of(volunteer)[:120],
            contact=contact[:60],
            issued_by=by,
        )
        try:
            with transaction.atomic():
                certificate.save()
            return certificate
        except IntegrityError:  # the same number taken a moment ago: the next
            continue
    raise ValidationError(_("Please try again in a moment."), code="busy")


def verify_token(certificate: VolunteerCertificate) -> str:
    """The verification page's key: the number and the check code."""
    return f"{certificate.number}-{certificate.check_code}"


def verified(number: str, code: str) -> VolunteerCertificate | None:
    certificate = (
        VolunteerCertificate.objects.filter(number=number).select_related("volunteer").first()
    )
    if certificate is None or not secrets.compare_digest(
        certificate.check_code, (code or "").upper()
    ):
        return None
    return certificate
