"""What a street officer reads on a closed month's score, and what anyone
reads on the rollup runs: Chinese sentences, never None or raw JSON."""

import pytest
from django.urls import reverse

from assessments.models import ItemScore, RollupRun
from assessments.rollups import run_monthly
from lib.periods import Month
from tests.assessment_helpers import admit, score, template


@pytest.fixture
def closed_score(personas, platforms):
    admit(personas.organisation_a1, platforms.street_a, personas.operator)
    template()
    saved = score(personas.organisation_a1, 2026, 10, 5, personas.operator)
    run_monthly(Month(2026, 10))
    return saved


def test_a_street_officer_reads_a_closed_months_points_item_by_item(closed_score, personas, login):
    # One item without points (a template item the operator left out): 未评.
    unscored = closed_score.items.order_by("item__position").last()
    ItemScore.objects.filter(pk=unscored.pk).delete()
    url = reverse("admin:assessments_monthlyscore_change", args=[closed_score.pk])
    html = login(personas.street_a_officer).get(url).content.decode()
    content = html.split('id="content"')[1]
    first = closed_score.items.order_by("item__position").select_related("item").first()
    assert f"{first.item.name}：{first.points} / {first.item.max_points}" in content
    assert f"{unscored.item.name}：未评" in content
    assert "None" not in content and "Item 1" not in content and "Reason" not in content
    # Django's buttons in Django's words: 关闭 and 历史, not a ticket's 销号 or
    # an organisation's 发展历程.
    assert "销号" not in content and "发展历程" not in content
    assert "关闭" in content and "历史" in content


def test_the_rollup_runs_read_as_sentences(closed_score, personas, login):
    html = (
        login(personas.platform_admin)
        .get(reverse("admin:assessments_rolluprun_changelist"))
        .content.decode()
    )
    content = html.split('id="content"')[1]
    assert "月度汇总" in content and "汇总类型" in content
    assert "2026年10月" in content
    assert "锁定月规范评分（条）：1" in content
    assert "用时" in content and "秒" in content
    assert "{" not in content.split("<table")[1].split("</table>")[0]
    assert "locked" not in content and "interviews_raised" not in content


def test_a_rollup_runs_own_page_reads_the_same(closed_score, personas, login):
    run = RollupRun.objects.get(period="2026-10")
    page = login(personas.platform_admin).get(
        reverse("admin:assessments_rolluprun_change", args=[run.pk])
    )
    content = page.content.decode().split('id="content"')[1]
    assert page.status_code == 200
    assert "锁定月规范评分（条）：1" in content and "2026年10月" in content
    assert '"locked"' not in content


def test_a_score_below_the_line_is_flagged_in_words_not_with_a_green_tick(
    closed_score, personas, login
):
    # The fixture's total of 5 is below the line of 6.
    html = login(personas.street_a_officer).get(
        reverse("admin:assessments_monthlyscore_changelist")
    )
    rows = html.content.decode().split('id="result_list"')[1]
    assert '<span class="flag">低于合格线</span>' in rows
    assert rows.count("icon-yes") == 1  # only "closed", the month's lock
