"""Transformations (转型): what an organisation becomes, dated and attributed."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import audit
from lib.validators import normalise_code, validate_credit_code
from orgs.models import (
    ApplicationStatus,
    Attendance,
    FilingApplication,
    FilingStatus,
    Membership,
    Organisation,
    ServiceRecord,
    Stage,
    Status,
    Tier,
    Transformation,
    TransformationKind,
)


def become_community_organisation(*, organisation, on: date, by, note: str = "") -> Transformation:
    """A self-organised group (自组织) becomes a community social organisation."""
    with transaction.atomic():
        org = _lock_live(organisation)
        if org.stage != Stage.SELF_ORGANISED:
            raise ValidationError(
                _("Only a self-organised group can become a community social organisation.")
            )
        org.stage = Stage.COMMUNITY
        audit.save(org, by=by, fields=["stage", "updated_at"], reason=_("Transformation recorded"))
        return _record(
            org,
            TransformationKind.BECAME_COMMUNITY_ORGANISATION,
            on,
            by,
            note,
            {"stage": [Stage.SELF_ORGANISED.label, Stage.COMMUNITY.label]},
        )


def become_service_oriented(
    *, organisation, on: date, by, note: str = "", new_name: str = "", new_category=None
) -> Transformation:
    """A 'static' group turns to serving residents, often under a new name
    (Huiji: an epidemic-control team became an elder-care volunteer team)."""
    with transaction.atomic():
        org = _lock_live(organisation)
        if org.is_service_oriented:
            raise ValidationError(_("This organisation is already service-oriented."))
        changes = {"service-oriented": [False, True]}
        org.is_service_oriented = True
        if new_name and new_name != org.name:
            changes["name"] = [org.name, new_name]
            org.name = new_name
        if new_category is not None and new_category.pk != org.category_id:
            changes["category"] = [str(org.category), str(new_category)]
            org.category = new_category
        org.full_clean()
        audit.save(org, by=by, reason=_("Transformation recorded"))
        return _record(org, TransformationKind.BECAME_SERVICE_ORIENTED, on, by, note, changes)


def upgrade(
    *,
    organisation,
    on: date,
    by,
    credit_code: str,
    to: str = Stage.SOCIAL_ORGANISATION,
    note: str = "",
) -> Transformation:
    """Registration as a social organisation or a social enterprise."""
    if to not in (Stage.SOCIAL_ORGANISATION, Stage.SOCIAL_ENTERPRISE):
        raise ValidationError(
            _("An upgrade leads to a registered social organisation or a social enterprise.")
        )
    code = normalise_code(credit_code)
    validate_credit_code(code)
    with transaction.atomic():
        org = _lock_live(organisation)
        if org.tier == Tier.REGISTERED:
            raise ValidationError(_("This organisation is already registered."))
        if Organisation.objects.filter(credit_code=code).exclude(pk=org.pk).exists():
            raise ValidationError(_("Another organisation already has this credit code."))
        changes = {
            "tier": [org.get_tier_display(), Tier.REGISTERED.label],
            "stage": [org.get_stage_display(), Stage(to).label],
        }
        org.tier = Tier.REGISTERED
        org.stage = to
        org.credit_code = code
        audit.save(
            org,
            by=by,
            fields=["tier", "stage", "credit_code", "updated_at"],
            reason=_("Transformation recorded"),
        )
        return _record(org, TransformationKind.UPGRADED, on, by, note, changes)


def dissolve(*, organisation, on: date, by, note: str = "") -> Transformation:
    with transaction.atomic():
        org = _lock_live(organisation)
        _close_pending_filing(org, by, _("The organisation was dissolved."))
        ended = _end_memberships(Membership.objects.current().filter(organisation=org), on, by)
        org.status = Status.DISSOLVED
        org.dissolved_on = on
        audit.save(
            org,
            by=by,
            fields=["status", "dissolved_on", "filing_status", "updated_at"],
            reason=_("Dissolution"),
        )
        return _record(
            org, TransformationKind.DISSOLVED, on, by, note, {"memberships ended": ended}
        )


def merge_organisations(
    *, sources, into: Organisation, on: date, by, note: str = ""
) -> Transformation:
    """Merge `sources` into `into` (合并重整): their members join it, their
    volunteer hours and training attendance count for it, and each of them
    is marked merged and points at it. A person in both is counted once."""
    source_ids = {org.pk for org in sources}
    if not source_ids:
        raise ValidationError(_("Choose the organisations to merge."))
    if into.pk in source_ids:
        raise ValidationError(_("An organisation cannot be merged into itself."))
    with transaction.atomic():
        target, merged = _lock_for_merger(source_ids, into)
        reason = _("Merged into %(name)s") % {"name": target.name}
        moved, duplicate, already_in = _move_members(target, merged, on, by, reason)
        _move_service(target, merged, by, reason)
        _add_member_counts(target, merged, duplicate, already_in, by)
        _retire_merged(target, merged, on, by, note, reason)
        event = _record(
            target,
            TransformationKind.MERGED,
            on,
            by,
            note,
            {
                "merged": [org.name for org in merged],
                "members moved": len(moved),
                "members already in": len(duplicate),
            },
        )
        event.merged.set(merged)
    return event


def _lock_for_merger(source_ids, into):
    """The target and the merged organisations (in id order), locked, all
    live and of the target's street."""
    # Lock in id order, so two merges touching the same rows cannot deadlock.
    locked = {
        org.pk: org
        for org in Organisation.objects.select_for_update(of=("self",))
        .select_related("area__parent")
        .filter(pk__in=source_ids | {into.pk})
        .order_by("pk")
    }
    target = locked[into.pk]
    merged = [locked[pk] for pk in sorted(source_ids)]
    for org in [target, *merged]:
        if not org.is_live:
            raise ValidationError(
                _("%(name)s is merged or dissolved already.") % {"name": org.name}
            )
    for org in merged:
        if org.street != target.street:
            raise ValidationError(
                _("%(name)s is in another street: merge organisations of one street only.")
                % {"name": org.name}
            )
    return target, merged


def _move_members(target, merged, on, by, reason):
    """Current members of the merged join the target; one already in it
    ends their other membership. Returns (moved, duplicate, the target's
    members' person ids)."""
    already_in = set(
        Membership.objects.current().filter(organisation=target).values_list("person_id", flat=True)
    )
    moved, duplicate = [], []
    for membership in (
        Membership.objects.current().filter(organisation__in=merged).select_for_update()
    ):
        if membership.person_id in already_in:
            duplicate.append(membership)
        else:
            membership.organisation = target
            already_in.add(membership.person_id)
            moved.append(membership)
    audit.bulk_update(Membership, moved, ["organisation"], user=by, reason=reason)
    _end_memberships(duplicate, on, by)
    return moved, duplicate, already_in


def _move_service(target, merged, by, reason):
    """Volunteer hours and training attendance of the merged count for the target."""
    records = list(ServiceRecord.objects.filter(organisation__in=merged))
    for record in records:
        record.organisation = target
    audit.bulk_update(ServiceRecord, records, ["organisation"], user=by, reason=reason)
    Attendance.objects.filter(organisation__in=merged).update(organisation=target)


def _add_member_counts(target, merged, duplicate, already_in, by):
    target.member_count += sum(org.member_count for org in merged) - len(duplicate)
    target.member_count = max(target.member_count, len(already_in))
    target.party_member_count = min(
        target.member_count,
        target.party_member_count + sum(org.party_member_count for org in merged),
    )
    audit.save(
        target,
        by=by,
        fields=["member_count", "party_member_count", "updated_at"],
        reason=_("Merger"),
    )


def _retire_merged(target, merged, on, by, note, reason):
    """Each merged organisation: pending filing closed, marked merged,
    pointing at the target, its own transformation recorded."""
    for org in merged:
        _close_pending_filing(org, by, reason)
        org.status = Status.MERGED
        org.merged_into = target
        audit.save(
            org,
            by=by,
            fields=["status", "merged_into", "filing_status", "updated_at"],
            reason=reason,
        )
        _record(
            org,
            TransformationKind.MERGED,
            on,
            by,
            note,
            {"merged into": target.name},
            result=target,
        )


def _lock_live(organisation) -> Organisation:
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not org.is_live:
        raise ValidationError(_("%(name)s is merged or dissolved already.") % {"name": org.name})
    return org


def _record(org, kind, on, by, note, changes, result=None) -> Transformation:
    event = Transformation(
        organisation=org,
        kind=kind,
        occurred_on=on,
        note=note,
        changes=changes,
        result=result,
        recorded_by=by,
    )
    event.save()
    return event


def _end_memberships(memberships, on, by) -> int:
    memberships = list(memberships)
    for membership in memberships:
        membership.left_on = on
    audit.bulk_update(Membership, memberships, ["left_on"], user=by)
    return len(memberships)


def _close_pending_filing(org, by, reason):
    pending = FilingApplication.objects.select_for_update().filter(
        organisation=org, status=ApplicationStatus.SUBMITTED
    )
    for application in pending:
        application.status = ApplicationStatus.RETURNED
        application.return_reasons = reason
        application.decided_by = by
        application.decided_at = timezone.now()
        audit.save(application, by=by)
    if org.filing_status == FilingStatus.SUBMITTED:
        org.filing_status = FilingStatus.NOT_FILED
