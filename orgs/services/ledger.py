"""Plain ledger changes that are still worth a rule: dormant and active."""

from django.db import transaction
from django.utils.translation import gettext as _

from lib import audit
from orgs.models import Organisation, Status


def set_dormant(*, organisations, dormant: bool, by) -> int:
    """Mark live organisations dormant (休眠) or active again; returns how many changed."""
    wanted = Status.DORMANT if dormant else Status.ACTIVE
    with transaction.atomic():
        rows = list(
            Organisation.objects.select_for_update()
            .filter(
                pk__in=[o.pk for o in organisations], status__in=[Status.ACTIVE, Status.DORMANT]
            )
            .exclude(status=wanted)
        )
        for org in rows:
            org.status = wanted
        audit.bulk_update(
            Organisation,
            rows,
            ["status"],
            user=by,
            reason=_("Marked dormant") if dormant else _("Marked active"),
        )
    return len(rows)
