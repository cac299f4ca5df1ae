"""A district whose rounds, projects, award notice (with an objection),
payments and fund all have something public to say (projects.opendata)."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from projects.models import Objection, ObjectionStatus, PaymentKind
from projects.services import delivery, tenders
from tests.project_helpers import awarded


@dataclass
class Published:
    project: object  # awarded, in delivery, paid an advance
    notice: object  # its award notice, in effect, with a dismissed objection
    objection: object


def published(world, personas) -> Published:
    project, winning, losing = awarded(world, personas, amount="16000")
    now = timezone.now()
    notice = project.notices.get()  # in effect: its period passed with nothing upheld
    objection = Objection.objects.create(
        notice=notice,
        organisation=world.bidder_b,
        grounds="评分未考虑我方的服务经验。",
        lodged_by=world.leader_b,
        status=ObjectionStatus.DISMISSED,
        answer="评分依据已复核，维持原结果。",
        answered_by=personas.community_worker,
        answered_at=now - timedelta(days=2),
    )
    project = delivery.start_delivery(project=project, by=personas.community_worker)
    delivery.pay(
        project=project,
        amount=Decimal("8000"),
        kind=PaymentKind.ADVANCE,
        occurred_on=timezone.localdate(),
        voucher_number="PAY-1",
        by=personas.district_officer,
    )
    tenders.publish_results(round_=world.round, by=personas.district_officer)
    project.refresh_from_db()
    return Published(project, notice, objection)
