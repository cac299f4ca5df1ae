"""Benchmark 3: the annual star rollup for every organisation of the city.

platform     assessments.rollups.annual: the star part (`_assess`) is two
             set-based statements (assessments/rollups/stars.py): one
             INSERT … SELECT … ON CONFLICT DO UPDATE computing every
             assessment, one UPDATE … FROM writing the stars on the
             organisations, timed each; and the whole annual run
             (interviews, platform grades, the year's indicators) for the
             record
usual way    a loop over the organisations computing each with ORM queries
             (its scores, its peers, its inputs), saving the assessment and
             the organisation's stars one by one

Both compute with the same rules (assessments.rules) and must agree on
every organisation's stars. Each runs in a transaction rolled back after,
so the city is unchanged.
"""

import sys

from _common import Measure, ratio, report, rolled_back, run_variant, vacuum, variant_main

from lib.periods import Year


def _year():
    from assessments.models import MonthlyScore

    return MonthlyScore.objects.order_by("-year").values_list("year", flat=True).first()


def _stars(year):
    from assessments.models import AnnualAssessment

    return dict(AnnualAssessment.objects.filter(year=year).values_list("organisation", "stars"))


def platform():
    from assessments.rollups import stars
    from assessments.rollups.annual import _assess, run_annual

    year = _year()
    _stars(year)  # warm the cache as the loop's first query would

    def stars_only():
        with Measure() as m:
            assessed, rated = _assess(year)
        stars = _stars(year)
        return {"seconds": m.seconds, "assessed": assessed, "rated": rated, "stars": stars}

    def parts():
        with Measure() as upsert:
            stars.assess(year)
        with Measure() as organisations:
            stars.rate(year)
        return {"upsert": upsert.seconds, "organisations": organisations.seconds}

    def whole():
        with Measure() as m:
            counts = run_annual(Year(year))
        return {"seconds": m.seconds, "counts": counts}

    figures = {"stars": rolled_back(stars_only), "year": year}
    # Each measurement leaves dead rows behind it (autovacuum is off here).
    vacuum("orgs.Organisation", "assessments.AnnualAssessment")
    figures["parts"] = rolled_back(parts)
    vacuum("orgs.Organisation", "assessments.AnnualAssessment")
    figures["whole"] = rolled_back(whole)
    return figures


def usual():
    from django.db.models import Avg, Count

    from assessments import rules
    from assessments.models import (
        AnnualAssessment,
        MonthlyScore,
        PaperSurvey,
        PeerRating,
        SurveyAnswer,
    )
    from orgs.models import Organisation

    year = _year()
    _stars(year)

    def loop():
        with Measure() as m:
            ids = set(MonthlyScore.objects.filter(year=year).values_list("organisation", flat=True))
            ids |= set(PeerRating.objects.filter(year=year).values_list("rated", flat=True))
            for said in (SurveyAnswer, PaperSurvey):
                ids |= set(said.objects.filter(year=year).values_list("organisation", flat=True))
            ids |= set(
                AnnualAssessment.objects.filter(year=year).values_list("organisation", flat=True)
            )
            assessed = rated = 0
            for organisation in Organisation.objects.filter(pk__in=ids).order_by("pk"):
                scores = MonthlyScore.objects.filter(organisation=organisation, year=year)
                monthly = scores.aggregate(average=Avg("total"), months=Count("pk"))
                last = scores.order_by("-month").first()
                peer = PeerRating.objects.filter(rated=organisation, year=year).aggregate(
                    average=Avg("score"), n=Count("pk")
                )
                assessment, _created = AnnualAssessment.objects.get_or_create(
                    organisation=organisation, year=year
                )
                average = rules.tenth(monthly["average"])
                peer_score = rules.tenth(peer["average"])
                assessment.platform_id = (
                    last.platform_id if last else None
                ) or assessment.platform_id
                assessment.monthly_average = average
                assessment.months_scored = monthly["months"]
                assessment.peer_score = peer_score
                assessment.peer_count = peer["n"]
                said = [
                    (1, rules.answer_score(*levels))
                    for levels in SurveyAnswer.objects.filter(
                        organisation=organisation, year=year
                    ).values_list("q1", "q2", "q3")
                ] + list(
                    PaperSurvey.objects.filter(organisation=organisation, year=year).values_list(
                        "forms", "average"
                    )
                )
                residents, answers = rules.residents_part(said)
                assessment.residents_score, assessment.residents_answers = residents, answers
                assessment.total = rules.annual_total(
                    party=assessment.party_score,
                    monthly_average=average,
                    self_score=assessment.self_score,
                    peer=peer_score,
                    residents=residents,
                )
                assessment.stars = rules.stars_for(assessment.total, assessment.party_score)
                assessment.save()
                assessed += 1
                if assessment.stars and (organisation.star_year or 0) <= year:
                    organisation.star_rating = assessment.stars
                    organisation.star_year = year
                    organisation.save(update_fields=["star_rating", "star_year"])
                    rated += 1
        return {"seconds": m.seconds, "assessed": assessed, "rated": rated, "stars": _stars(year)}

    return {"stars": rolled_back(loop), "year": year}


VARIANTS = {"platform": platform, "usual": usual}
TARGET = 60  # times the loop, issue 18

if __name__ == "__main__":
    if "--variant" in sys.argv:
        variant_main(VARIANTS)
        sys.exit()
    vacuum(
        "orgs.Organisation",
        "assessments.MonthlyScore",
        "assessments.AnnualAssessment",
        "assessments.PeerRating",
        "assessments.Interview",
        "assessments.Indicator",
        "assessments.PlatformGrade",
    )
    ours = run_variant(__file__, "platform")
    # The platform's rolled-back runs left dead rows: clean them for the loop too.
    vacuum("orgs.Organisation", "assessments.AnnualAssessment")
    loop = run_variant(__file__, "usual")
    same = ours["stars"]["stars"] == loop["stars"]["stars"]
    assert same, "the two ways disagree on stars"
    star, whole, naive = ours["stars"], ours["whole"], loop["stars"]
    parts = ours["parts"]
    times = naive["seconds"] / star["seconds"] if star["seconds"] else float("inf")
    met = "met" if times >= TARGET else "**not met**"
    report(
        f"3. Annual star rollup ({ours['year']}) for every organisation",
        ["way", "organisations assessed", "rated", "queries", "seconds"],
        [
            [
                "platform, stars (`_assess`: upsert + organisations)",
                star["assessed"],
                star["rated"],
                star["queries"],
                f"{star['seconds']:.1f}",
            ],
            [
                "… of which the INSERT … SELECT upsert / the UPDATE of the organisations",
                "",
                "",
                parts["queries"],
                f"{parts['upsert']:.1f} / {parts['organisations']:.1f}",
            ],
            [
                "platform, whole annual run",
                whole["counts"]["assessed"],
                whole["counts"]["rated"],
                whole["queries"],
                f"{whole['seconds']:.1f}",
            ],
            [
                "loop with ORM queries per organisation",
                naive["assessed"],
                naive["rated"],
                naive["queries"],
                f"{naive['seconds']:.1f}",
            ],
            ["ratio (loop ÷ platform stars)", "", "", "", ratio(naive["seconds"], star["seconds"])],
        ],
        [
            f"Target: at least {TARGET}× faster than the loop measured in the same run: "
            f"{times:.1f}×, {met}.",
            f"Both ways give every organisation the same stars: {same}.",
            "The whole run also raises the interviews for low ratings, grades the platforms "
            f"and computes the year's indicators: {whole['counts']}.",
        ],
    )
