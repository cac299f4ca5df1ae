"""The city generator (see devdata.citygen): last year's monthly scores, item
by item, for every resident organisation; the annual inputs staff enter
(party building, self and residents' assessments) and peer ratings, so the
annual rollup has a whole year to rate."""

from decimal import Decimal

from django.conf import settings

from assessments.models import (
    AnnualAssessment,
    ItemScore,
    MonthlyScore,
    PaperSurvey,
    PeerRating,
    ScoreTemplate,
)

HALF = Decimal("0.5")


def build(city):
    rng = city.rng("assessments")
    made = city.made
    template = ScoreTemplate.objects.order_by("valid_from").prefetch_related("items").first()
    items = [(item.pk, item.max_points) for item in template.items.all()]
    officer = made["users"]
    street_code = {pk: code for pk, code, _d in made["streets"]}
    residents = made["residents"]
    # A few organisations fall below the low mark month after month.
    weak = {org for org, _p, _s in residents if rng.random() < 0.01}
    scores, points = [], []
    for org, platform, street in residents:
        for month in range(1, 13):
            row_points = []
            for _item, top in items:
                deduction = HALF * rng.choices([0, 1, 2, 3], [70, 20, 7, 3])[0]
                if org in weak:
                    deduction = top * Decimal("0.5")
                row_points.append(max(Decimal(0), top - deduction))
            scores.append(
                (
                    org,
                    platform,
                    city.year,
                    month,
                    template.pk,
                    sum(row_points),
                    officer[f"s{street_code[street]}"],
                    city.now,
                )
            )
            points.append(row_points)
    ids = city.insert(
        MonthlyScore,
        [
            "organisation",
            "platform",
            "year",
            "month",
            "template",
            "total",
            "scored_by",
            "scored_at",
        ],
        scores,
    )
    city.insert(
        ItemScore,
        ["score", "item", "points"],
        (
            (score, item, value)
            for score, row_points in zip(ids, points, strict=True)
            for (item, _top), value in zip(items, row_points, strict=True)
        ),
    )
    del scores, points

    def hundred(low, high):
        return Decimal(rng.randrange(low * 2, high * 2 + 1)) / 2

    inputs = [
        (
            org,
            city.year,
            platform,
            hundred(50, 70) if rng.random() < 0.03 else hundred(72, 100),
            hundred(75, 100),
            hundred(75, 100),
        )
        for org, platform, _street in residents
    ]
    city.insert(
        AnnualAssessment,
        ["organisation", "year", "platform", "party_score", "self_score"],
        (row[:5] for row in inputs),
    )
    # The residents' part (群众评) as paper batches big enough to be assessed.
    city.insert(
        PaperSurvey,
        ["organisation", "year", "forms", "average", "reason"],
        (
            (org, year, settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS, residents, "纸质问卷")
            for org, year, _platform, _party, _self, residents in inputs
        ),
    )
    del inputs
    # Peer ratings: each resident rates two others of its platform.
    by_platform: dict[int, list[tuple[int, int]]] = {}
    for org, platform, street in residents:
        by_platform.setdefault(platform, []).append((org, street))
    peers = []
    for members in by_platform.values():
        if len(members) < 3:
            continue
        for i, (org, street) in enumerate(members):
            for step in (1, 2):
                rated = members[(i + step) % len(members)][0]
                peers.append(
                    (city.year, org, rated, hundred(70, 100), officer[f"s{street_code[street]}"])
                )
    city.insert(PeerRating, ["year", "rater", "rated", "score", "recorded_by"], peers)
    city.reset_sequences([MonthlyScore, ItemScore, AnnualAssessment, PeerRating])
