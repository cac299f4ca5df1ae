"""The filing certificate prints on one A4 page, however long the
organisation's name and service text (issue 19)."""

import re

import pytest
from django.urls import reverse

from orgs.models import FilingStatus, Tier

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pages(pdf: bytes) -> int:
    """Page objects in a PDF (`/Type /Page`, not the `/Type /Pages` tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_filing_certificate_prints_on_one_a4_page(personas, sign_in, live_server):
    organisation = personas.organisation_a1
    organisation.name = "英才社区夕阳红银龄志愿者合唱团暨邻里互助文化服务队"
    organisation.venue = "英才社区党群服务中心三楼多功能活动室及社区文化广场东侧"
    organisation.description = (
        "组织社区老年居民开展合唱排练、文艺演出、邻里互助、助老陪伴等活动，" * 4
    )
    organisation.filing_status, organisation.tier = FilingStatus.APPROVED, Tier.FILED
    organisation.certificate_number = "410108001-2026-0001"
    organisation.filed_on = "2026-11-20"
    organisation.save()
    page = sign_in(personas.org_leader)
    page.goto(f"{live_server.url}{reverse('portal:my_organisation')}")
    page.get_by_role("link", name="打印备案证明").click()
    page.get_by_role("heading", name="社区社会组织备案证书").wait_for()
    assert pages(page.pdf(format="A4")) == 1
    assert pages(page.pdf(prefer_css_page_size=True)) == 1
