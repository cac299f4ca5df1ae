"""The claim's steps: claimed (by a party member or a unit's clerk signed in
by phone, or by a department's account), confirmed or refused by the
community worker, then fulfilled or withdrawn.

Each step locks the need, then the claim, in that order: two claims of one
need at once queue on the need's row, and the second finds it claimed. The
unique constraint on live claims stands behind the lock.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lib import audit, clock
from notifications.services import notify
from orgs.models import Person, ProviderClerk, User
from orgs.models.providers import ProviderKind
from orgs.roles import COMMUNITY_STAFF
from projects.models import Need, NeedStatus, Project
from projects.services.tenders import close_if_due

from .models import Claim, ClaimantKind, ClaimStatus

DISTRICT = 6  # the district's part of an area code


def unit_clerk(phone: str | None) -> ProviderClerk | None:
    """The clerk of a unit stationed in the area (驻区单位) with this phone."""
    if not phone:
        return None
    return (
        ProviderClerk.objects.filter(
            phone=phone, provider__active=True, provider__kind=ProviderKind.UNIT
        )
        .select_related("provider__area")
        .first()
    )


MAX_LIVE_PER_PHONE = 3


def party_member(phone: str | None, code: str) -> Person | None:
    """The party member on the ledger with this phone, in the district of `code`."""
    if not phone:
        return None
    return (
        Person.objects.filter(
            phone=phone, is_party_member=True, community__code__startswith=code[:DISTRICT]
        )
        .order_by("pk")
        .first()
    )


def claim_as_resident(*, need_id: int, phone: str, plan: str, as_unit: bool, name: str = ""):
    """A resident signed in by phone claims a need: for their unit when
    they are a unit's clerk and say so, else as a party member (on the
    ledger, or declaring themselves one, with their name)."""
    if as_unit:
        clerk = unit_clerk(phone)
        if clerk is None:
            raise ValidationError(_("This phone is not a clerk's of a unit stationed here."))
        return _claim(
            need_id=need_id,
            plan=plan,
            reach=clerk.provider.area.code,
            kind=ClaimantKind.UNIT,
            provider=clerk.provider,
            claimant_name=clerk.name,
            claimant_phone=phone,
        )
    # One signed-in phone holds a few needs at a time: a claim keeps a need
    # out of the projects, so one number must not lock a district's list.
    if Claim.objects.live().filter(claimant_phone=phone).count() >= MAX_LIVE_PER_PHONE:
        raise ValidationError(
            _(
                "You already hold %(count)d claims not yet fulfilled: fulfil or withdraw one "
                "before claiming another."
            )
            % {"count": MAX_LIVE_PER_PHONE}
        )
    need = Need.objects.select_related("community").filter(pk=need_id).first()
    person = party_member(phone, need.community.code) if need else None
    name = person.name if person else name.strip()
    if not name:
        raise ValidationError({"name": _("Give your name: the community will call you.")})
    return _claim(
        need_id=need_id,
        plan=plan,
        reach=need.community.code[:DISTRICT] if need else "",
        kind=ClaimantKind.PARTY_MEMBER,
        person=person,
        declared_party_member=person is None,
        claimant_name=name,
        claimant_phone=phone,
    )


def claim_as_department(*, need_id: int, user: User, plan: str) -> Claim:
    department = user.department
    return _claim(
        need_id=need_id,
        plan=plan,
        reach=department.area.code,
        kind=ClaimantKind.DEPARTMENT,
        department=department,
        claimant_name=department.name,
        account=user,
    )


def _claim(*, need_id: int, plan: str, reach: str, **claimant) -> Claim:
    if not plan.strip():
        raise ValidationError({"plan": _("Say what you will do for it.")})
    project_id = Need.objects.filter(pk=need_id).values_list("project_id", flat=True).first()
    if project_id:  # reads as open if its project closed without bids: store that first
        close_if_due(Project(pk=project_id))
    with transaction.atomic():
        need = (
            Need.objects.select_for_update(of=("self",))
            .select_related("community")
            .filter(pk=need_id)
        )
        need = need.first()
        if need is None or not reach or not need.community.code.startswith(reach):
            raise ValidationError(_("This need is not in the area you serve."))
        if need.status == NeedStatus.CLAIMED:
            raise ValidationError(_("Someone claimed this need a moment ago; choose another."))
        if need.status == NeedStatus.IN_PROJECT:
            raise ValidationError(_("This need is answered by a project; it cannot be claimed."))
        if need.status != NeedStatus.OPEN:
            raise ValidationError(_("Only an open need can be claimed."))
        claim = Claim(need=need, plan=plan.strip(), **claimant)
        claim.full_clean()
        claim.save()
        need.status = NeedStatus.CLAIMED
        audit.save(need, by=claimant.get("account"), reason=_("Claimed"))
        _tell_community(claim, _("Claimed, to confirm: %(need)s") % {"need": need})
    return claim


def _tell_community(claim: Claim, title: str) -> None:
    community = claim.need.community
    staff = User.objects.filter(
        is_active=True, role__in=COMMUNITY_STAFF, area__in=[community.pk, community.parent_id]
    )
    notify(
        staff,
        title,
        f"{claim.claimant}：{claim.plan}",
        link=reverse("admin:claims_claim_change", args=[claim.pk]),
        key=f"claim:{claim.pk}:{claim.status}",
    )


def _locked(claim: Claim) -> tuple[Need, Claim]:
    need = Need.objects.select_for_update().get(pk=claim.need_id)
    return need, Claim.objects.select_for_update(of=("self",)).select_related("need").get(
        pk=claim.pk
    )


def confirm(*, claim: Claim, by) -> Claim:
    """The community worker agrees: the claimant goes ahead."""
    with transaction.atomic():
        _need, claim = _locked(claim)
        if claim.status != ClaimStatus.CLAIMED:
            raise ValidationError(_("Only a claim awaiting confirmation can be confirmed."))
        claim.status, claim.decided_by = ClaimStatus.CONFIRMED, by
        audit.save(claim, by=by)
    return claim


def refuse(*, claim: Claim, by, reason: str) -> Claim:
    """The community worker says no (not a party member, not suitable): the need reopens."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the claim is refused; the claimant sees it.")})
    with transaction.atomic():
        need, claim = _locked(claim)
        if claim.status != ClaimStatus.CLAIMED:
            raise ValidationError(_("Only a claim awaiting confirmation can be refused."))
        claim.status, claim.decided_by, claim.reason = ClaimStatus.REFUSED, by, reason.strip()
        audit.save(claim, by=by)
        _reopen(need, by=by)
    return claim


def fulfil(*, claim: Claim, note: str, on: date, by=None) -> Claim:
    """Done, with what was done and when: the need is fulfilled."""
    if not note.strip():
        raise ValidationError({"note": _("Say what was done for the need.")})
    if on is None or on > clock.today():
        raise ValidationError({"on": _("Give the day it was fulfilled, today or before.")})
    with transaction.atomic():
        need, claim = _locked(claim)
        if claim.status != ClaimStatus.CONFIRMED:
            raise ValidationError(_("Only a confirmed claim can be fulfilled."))
        if on < claim.claimed_at.date():
            raise ValidationError({"on": _("It cannot be fulfilled before it was claimed.")})
        claim.status, claim.fulfilment_note, claim.fulfilled_on = (
            ClaimStatus.FULFILLED,
            note.strip(),
            on,
        )
        audit.save(claim, by=by)
        need.status = NeedStatus.FULFILLED
        audit.save(need, by=by, reason=_("The claim is fulfilled"))
    return claim


def withdraw(*, claim: Claim, reason: str, by=None) -> Claim:
    """The claimant (or the community worker for them) gives it up: the need reopens."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the claim is withdrawn.")})
    with transaction.atomic():
        need, claim = _locked(claim)
        if not claim.is_live:
            raise ValidationError(_("This claim is no longer live."))
        claim.status, claim.reason = ClaimStatus.WITHDRAWN, reason.strip()
        audit.save(claim, by=by)
        _reopen(need, by=by)
    if by is None:  # the claimant's doing: the community learns it
        _tell_community(claim, _("Claim withdrawn: %(need)s") % {"need": claim.need})
    return claim


def _reopen(need: Need, *, by) -> None:
    need.status = NeedStatus.OPEN
    audit.save(need, by=by, reason=_("The claim ended"))


# --- a department's resources ------------------------------------------------------------


def add_offer(*, offer, by):
    with transaction.atomic():
        offer.full_clean()
        audit.save(offer, by=by)
    return offer


def toggle_offer(*, offer, by):
    """Available, or not for now."""
    with transaction.atomic():
        offer = type(offer).objects.select_for_update().get(pk=offer.pk)
        offer.is_available = not offer.is_available
        audit.save(offer, by=by)
    return offer
