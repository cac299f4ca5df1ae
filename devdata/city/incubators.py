"""The city generator (see devdata.citygen): a platform for every district and
street, most live organisations resident in their street's platform, the
platforms' monthly reports for the year, and a fund per district."""

from datetime import date, timedelta
from decimal import Decimal

from incubators.models import Fund, MonthlyReport, Platform, Residency, ResidencyStatus
from orgs.models import Tier


def build(city):
    rng = city.rng("incubators")
    made = city.made
    names = {pk: name for pk, name in _area_names(made)}
    district_platforms = city.insert(
        Platform,
        ["name", "area", "venue", "opened_on", "grade"],
        [
            (
                f"{names[pk]}社会组织孵化中心",
                pk,
                f"{names[pk]}政务服务中心三楼",
                date(2019, 6, 1),
                "",
            )
            for pk, _code in made["districts"]
        ],
    )
    by_district = dict(zip((pk for pk, _c in made["districts"]), district_platforms, strict=True))
    hubs = {
        street: org
        for org, community, street, _live, _t in made["organisations"]
        if community is None
    }
    street_platforms = city.insert(
        Platform,
        ["name", "area", "parent", "operator", "venue", "opened_on", "grade"],
        [
            (
                f"{names[pk]}社区社会组织孵化基地",
                pk,
                by_district[district],
                hubs.get(pk),
                f"{names[pk]}党群服务中心",
                date(2020, 1, 1) + timedelta(days=rng.randrange(900)),
                "",
            )
            for pk, _code, district in made["streets"]
        ],
    )
    platform_of_street = dict(
        zip((pk for pk, _c, _d in made["streets"]), street_platforms, strict=True)
    )
    made["platforms"] = {"district": list(district_platforms), "street": platform_of_street}

    officer = made["users"]
    street_code = {pk: code for pk, code, _d in made["streets"]}
    residents, rows = [], []
    for org, community, street, live, tier in made["organisations"]:
        if community is None or not live or tier == Tier.REGISTERED or rng.random() > 0.95:
            continue
        entered = date(city.year - 1, 1, 1) + timedelta(days=rng.randrange(365))
        rows.append(
            (
                platform_of_street[street],
                org,
                ResidencyStatus.RESIDENT,
                entered,
                f"FH-{street_code[street]}-{len(rows) + 1:05d}",
                officer[f"s{street_code[street]}"],
            )
        )
        residents.append((org, platform_of_street[street], street))
    city.insert(
        Residency,
        ["platform", "organisation", "status", "entered_on", "agreement", "recorded_by"],
        rows,
    )
    made["residents"] = residents

    city.insert(
        MonthlyReport,
        [
            "platform",
            "year",
            "month",
            "activities_held",
            "organisations_served",
            "trainings_held",
            "person_times",
            "highlights",
            "submitted_by",
        ],
        (
            (
                platform,
                city.year,
                month,
                rng.randrange(4, 30),
                rng.randrange(5, 40),
                rng.randrange(0, 4),
                rng.randrange(100, 2000),
                "开展孵化培育、能力提升培训和公益活动。",
                officer[f"s{street_code[street]}"],
            )
            for street, platform in platform_of_street.items()
            for month in range(1, 13)
            if rng.random() < 0.95
        ),
    )
    funds = city.insert(
        Fund,
        ["name", "area", "opened_on", "purpose"],
        [
            (f"{names[pk]}社区公益创投资金", pk, date(city.year - 1, 1, 1), "微项目资助")
            for pk, _code in made["districts"]
        ],
    )
    made["funds"] = dict(zip((pk for pk, _c in made["districts"]), funds, strict=True))
    made["fund_budget"] = Decimal("2000000.00")
    city.reset_sequences([Platform, Residency, MonthlyReport, Fund])


def _area_names(made):
    from orgs.models import Area

    ids = [pk for pk, _c in made["districts"]] + [pk for pk, _c, _d in made["streets"]]
    return Area.objects.filter(pk__in=ids).values_list("pk", "name")
