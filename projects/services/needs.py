"""Residents' needs: posted by a community worker, or by a resident through
the public form and confirmed by a community worker."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lib import audit
from notifications.texts import Text, text

from ..models import Need, NeedStatus, Project
from .tenders import close_if_due

TRACKING_SALT = "projects.need"


def post_need(*, by, groups=(), **fields) -> Need:
    with transaction.atomic():
        need = Need(status=NeedStatus.OPEN, posted_by=by, confirmed_by=by, **fields)
        need.full_clean()
        audit.save(need, by=by)
        need.groups.set(groups)
    return need


def submit_public_need(*, groups=(), **fields) -> Need:
    """A resident's own request: it waits for a community worker to confirm
    it. The resident's phone gets the link of the request's page by text
    message, once per request."""
    with transaction.atomic():
        need = Need(status=NeedStatus.AWAITING, **fields)
        need.full_clean()
        need.save()
        need.groups.set(groups)
        if need.requester_phone:
            text(
                [need.requester_phone],
                Text(
                    "need",
                    {"number": str(need.pk)},
                    link=reverse("public_needs:status", args=[tracking_token(need)]),
                ),
                key=f"need-tracking:{need.pk}",
            )
    return need


def tracking_token(need: Need) -> str:
    """What the resident keeps to follow their request (no account needed)."""
    return signing.dumps(need.pk, salt=TRACKING_SALT)


def need_for_token(token: str) -> Need | None:
    try:
        pk = signing.loads(token, salt=TRACKING_SALT)
    except signing.BadSignature:
        return None
    return Need.objects.select_related("community", "project").filter(pk=pk).first()


def confirm_need(*, need: Need, by) -> Need:
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status != NeedStatus.AWAITING:
            raise ValidationError(_("This need is not waiting for confirmation."))
        need.status, need.confirmed_by = NeedStatus.OPEN, by
        audit.save(need, by=by)
    return need


def decline_need(*, need: Need, reason: str, by) -> Need:
    if not reason.strip():
        raise ValidationError(_("Say why the need is declined; the resident will see it."))
    if need.project_id:  # reads as open if its project closed without bids: store that first
        close_if_due(Project(pk=need.project_id))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status not in (NeedStatus.AWAITING, NeedStatus.OPEN):
            raise ValidationError(_("Only a waiting or open need can be declined."))
        need.status, need.decline_reason, need.confirmed_by = (
            NeedStatus.DECLINED,
            reason.strip(),
            by,
        )
        audit.save(need, by=by)
    return need
