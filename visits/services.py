"""What happens to a visit and its findings, one function each:

    record_visit(visit=..., findings=[...], by=...)
    turn_into_organisation(finding_id=..., category=..., by=...)
    turn_into_talent(finding_id=..., by=..., id_number="")
    turn_into_member(finding_id=..., organisation=..., by=..., id_number="")

A finding is turned once: each turn locks the finding's row, refuses one
already turned (two clicks at once: the second waits, then is refused), makes
the record through the same checks the ledger and the people's import use,
and writes on the finding what it became. Refusals are ValidationErrors
with a message for the user; a refused call changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lib import audit, clock
from lib.validators import normalise_code, validate_id_number
from orgs.models import (
    AreaLevel,
    Category,
    Membership,
    Organisation,
    Person,
    Stage,
    Talent,
    Tier,
)

from .models import ElderKind, FindingKind, Outcome, Visit, VisitFinding

SKILLS_LENGTH = Talent._meta.get_field("skills").max_length


def record_visit(*, visit: Visit, findings, by) -> Visit:
    """Save a visit and its findings (unsaved instances) together."""
    with transaction.atomic():
        visit.recorded_by = by
        visit.full_clean()
        audit.save(visit, by=by)
        for finding in findings:
            finding.visit = visit
            finding.full_clean()
            audit.save(finding, by=by)
    return visit


def _lock_open(finding_id: int) -> VisitFinding:
    """The finding, locked; refused if it has become something already."""
    finding = (
        VisitFinding.objects.select_for_update(of=("self",))
        .select_related("visit__community")
        .get(pk=finding_id)
    )
    if finding.is_turned:
        raise ValidationError(
            _("This finding has already become a record: %(outcome)s.")
            % {"outcome": finding.get_outcome_display()},
            code="turned",
        )
    return finding


def _close(finding: VisitFinding, outcome: str, by, **records) -> VisitFinding:
    finding.outcome = outcome
    for name, record in records.items():
        setattr(finding, name, record)
    finding.turned_at = clock.now()
    finding.turned_by = by
    finding.full_clean()
    audit.save(finding, by=by, reason=str(finding.get_outcome_display()))
    return finding


def turn_into_organisation(*, finding_id: int, category: Category, by) -> VisitFinding:
    """A self-organisation found becomes a ledger entry of the visited
    community: guided by the community (the tier for small loose groups),
    still a self-organised group, its contact as its leader."""
    if category is None or category.parent_id is None:
        raise ValidationError(_("Choose a sub-class for the organisation."), code="category")
    with transaction.atomic():
        finding = _lock_open(finding_id)
        if finding.kind != FindingKind.SELF_ORGANISATION:
            raise ValidationError(
                _("Only a self-organisation becomes a ledger entry."), code="kind"
            )
        organisation = Organisation(
            name=finding.name,
            area=finding.visit.community,
            category=category,
            description=finding.description,
            leader_name=finding.contact_name,
            leader_phone=finding.phone,
            member_count=finding.headcount or 0,
            tier=Tier.GUIDED,
            stage=Stage.SELF_ORGANISED,
            is_service_oriented=False,
        )
        organisation.full_clean()
        audit.save(organisation, by=by, reason=_("Found on a door-to-door visit"))
        return _close(finding, Outcome.ORGANISATION, by, organisation=organisation)


def _person_for(finding: VisitFinding, id_number: str, by) -> Person:
    """The person of the visited community this finding names: the one with
    this ID number, else the one with this phone, else a new one."""
    community = finding.visit.community
    id_number = normalise_code(id_number or "")
    if id_number:
        validate_id_number(id_number)
        known = Person.objects.select_for_update().filter(id_number=id_number).first()
        if known is not None:
            if known.community_id != community.pk:
                raise ValidationError(
                    _("A person with this ID number is recorded in another community."),
                    code="elsewhere",
                )
            return known
    if finding.phone:
        known = (
            Person.objects.select_for_update()
            .filter(community=community, phone=finding.phone)
            .order_by("id")
            .first()
        )
        if known is not None:
            if id_number and known.id_number and known.id_number != id_number:
                raise ValidationError(
                    _("The person with this phone has another ID number: check both."),
                    code="mismatch",
                )
            return known
    person = Person(
        name=finding.name,
        phone=finding.phone,
        id_number=id_number,
        community=community,
        note=_("Found on a door-to-door visit"),
    )
    person.full_clean()
    audit.save(person, by=by)
    return person


def _skills(finding: VisitFinding) -> str:
    words = []
    if finding.kind == FindingKind.ELDER:
        words.append(ElderKind(finding.elder_kind).label.split(" ")[0])
    if finding.kind == FindingKind.KEEN:
        words.append("热心人士")
    if finding.skill:
        words.append(finding.skill)
    return "、".join(words)[:SKILLS_LENGTH]


def turn_into_talent(*, finding_id: int, by, id_number: str = "") -> VisitFinding:
    """A person found joins the talent pool (达人库), as a person of the
    visited community found by ID number or phone, or recorded now. Already
    in the pool: their entry gains what was found."""
    with transaction.atomic():
        finding = _lock_open(finding_id)
        if not finding.is_person:
            raise ValidationError(
                _("A self-organisation becomes a ledger entry, not a talent."), code="kind"
            )
        person = _person_for(finding, id_number, by)
        skills = _skills(finding)
        talent = Talent.objects.select_for_update().filter(person=person).first()
        if talent is None:
            talent = Talent(person=person, skills=skills, listed_on=clock.today(), listed_by=by)
        elif skills and skills not in talent.skills:
            talent.skills = f"{talent.skills}、{skills}"[:SKILLS_LENGTH]
        talent.full_clean()
        audit.save(talent, by=by, reason=_("Found on a door-to-door visit"))
        return _close(finding, Outcome.TALENT, by, person=person, talent=talent)


def turn_into_member(
    *, finding_id: int, organisation: Organisation, by, id_number: str = ""
) -> VisitFinding:
    """A person found joins an organisation of the ledger as a member."""
    if organisation is None:
        raise ValidationError(_("Choose the organisation they join."), code="organisation")
    with transaction.atomic():
        finding = _lock_open(finding_id)
        if not finding.is_person:
            raise ValidationError(
                _("A self-organisation becomes a ledger entry, not a member."), code="kind"
            )
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not organisation.is_live:
            raise ValidationError(
                _("This organisation is merged or dissolved: choose a live one."), code="live"
            )
        if organisation.area.level == AreaLevel.DISTRICT:
            raise ValidationError(
                _("Choose an organisation of the community or its street."), code="area"
            )
        person = _person_for(finding, id_number, by)
        if Membership.objects.current().filter(person=person, organisation=organisation).exists():
            raise ValidationError(
                _("This person is already a member of this organisation."), code="member"
            )
        membership = Membership(person=person, organisation=organisation, joined_on=clock.today())
        membership.full_clean()
        audit.save(membership, by=by, reason=_("Found on a door-to-door visit"))
        return _close(finding, Outcome.MEMBER, by, person=person, membership=membership)
