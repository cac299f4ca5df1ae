"""Where the money comes from (issue 24): activity subsidies (补贴活动经费,
Wuhan §9) from the streets' 福彩公益金 (seed 001), the funds' entries
already naming their sources (devdata.demo.incubators).

英才社区红马甲志愿服务队 (the `leader` login) had its 助老理发 service
subsidised from 迎宾路街道社区治理基金's 福彩公益金 and settled it with
receipts for less, the rest released; its winter home visits next week are
approved and wait for settlement; a sports day was refused with the street's
reasons; 天河社区银龄之声合唱队's new-year concert waits for 大河路街道
(`street2`) to decide. Each step is taken on its own day of the story (the
platform's today pinned to it). Built once."""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from activities import subsidies
from activities.models import Activity, ActivityStatus, Subsidy
from devdata.demo.orgs import TODAY, leader_account
from incubators.models import Fund, FundSource
from orgs.models import Organisation, User

# A receipt's scan: the smallest PDF lib.uploads accepts.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def on(days):
    """The story's day `days` from the demo's today, as the platform's today."""
    return override_settings(PLATFORM_TODAY=TODAY + timedelta(days=days))


def at(days, hour):
    day = TODAY + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def activity(title, organisation, area, days, by, venue):
    return Activity.objects.create(
        title=title,
        area=area,
        organisation=organisation,
        venue=venue,
        starts_at=at(days, 9),
        ends_at=at(days, 11),
        status=ActivityStatus.PUBLISHED,
        created_by=by,
    )


def applied(run, amount, budget, purpose, leader, day):
    with on(day):
        return subsidies.apply(
            activity=run, amount=amount, budget=budget, purpose=purpose, by=leader
        )


def build(demo):
    if Subsidy.objects.exists():
        return
    leader, street = User.objects.get(username="leader"), User.objects.get(username="street")
    team, community = leader.organisation, demo.areas["英才社区"]
    fund = Fund.objects.get(name="迎宾路街道社区治理基金")
    lottery = FundSource.objects.get(name="福彩公益金")

    # In October, the last month the demo's rollups close: the dashboard shows it.
    with on(-55):
        haircut = activity("红马甲助老义务理发", team, community, -45, leader, "英才社区养老服务站")
    settled = applied(
        haircut,
        "2000",
        [["理发工具与耗材", "800.00"], ["志愿者误餐补助", "600.00"], ["宣传物料", "600.00"]],
        "为辖区高龄、独居老人上门及集中义务理发",
        leader,
        -55,
    )
    with on(-52):
        subsidies.approve(
            subsidy=settled, fund=fund, source=lottery, amount="2000", note="", by=street
        )
    with on(-40):
        subsidies.settle(
            subsidy=settled,
            spent="1650",
            receipts=[SimpleUploadedFile("理发耗材发票.pdf", PDF, "application/pdf")],
            note="宣传物料由社区提供，节省350元",
            by=leader,
        )

    with on(-3):
        visits = activity("红马甲冬季送温暖入户探访", team, community, 10, leader, "英才社区")
        sports = activity("红马甲趣味运动会", team, community, 20, leader, "英才社区文化广场")
    approved = applied(
        visits, "1500", [["慰问品", "1200.00"], ["交通", "300.00"]], "入户探访困难老人", leader, -3
    )
    refused = applied(sports, "3000", [["奖品", "3000.00"]], "志愿者趣味运动会", leader, -3)
    with on(-1):
        subsidies.approve(
            subsidy=approved, fund=fund, source=lottery, amount="1500", note="", by=street
        )
        subsidies.refuse(
            subsidy=refused,
            reasons="奖品不在活动经费补贴范围内；建议申报公益创投项目。",
            by=street,
        )
    _choir(demo)


def _choir(demo):
    """天河社区银龄之声合唱队's concert, waiting for 大河路街道 to decide."""
    choir = Organisation.objects.filter(name="天河社区银龄之声合唱队").first()
    if choir is None:
        return
    leader = leader_account(demo, choir)
    with on(-2):
        concert = activity(
            "银龄之声合唱队新年音乐会",
            choir,
            demo.areas["天河社区"],
            30,
            leader,
            "天河社区文化活动中心",
        )
    applied(
        concert,
        "2500",
        [["场地音响", "1500.00"], ["演出服装", "1000.00"]],
        "迎新年社区合唱音乐会",
        leader,
        -2,
    )
