"""Two claims of one wish at once (PostgreSQL): the need's row lock queues
them, and the second finds it claimed."""

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Claim
from projects.models import Need, NeedStatus
from projects.services import needs as need_services
from tests.fixtures import on_postgres
from tests.races import at_once

pytestmark = pytest.mark.postgres


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_claims_of_one_wish_at_once_give_one(personas, territory, departments):
    need = need_services.post_need(
        community=territory.community_a1,
        by=personas.community_worker,
        title="独居老人王奶奶想要一台收音机",
        requester_name="王秀英",
    )
    results = at_once(
        lambda: services.claim_as_department(
            need_id=need.pk, user=departments.youth_account, plan="团员送上门"
        ),
        lambda: services.claim_as_resident(
            need_id=need.pk, phone="13903715599", plan="我来送", as_unit=False, name="陈立"
        ),
    )
    made = [r for r in results if isinstance(r, Claim)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert Claim.objects.filter(need=need).count() == 1
    assert Need.objects.get(pk=need.pk).status == NeedStatus.CLAIMED
