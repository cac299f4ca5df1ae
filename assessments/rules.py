"""The assessment rules' arithmetic, with the numbers from settings (see
config/settings/domain.py, "Assessments"), so an office can tune them."""

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings

TENTH = Decimal("0.1")


def tenth(value) -> Decimal | None:
    """Round to one decimal, as scores are kept (averages come back as floats
    or long decimals depending on the database)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP)


def low_score() -> Decimal:
    return Decimal(str(settings.ASSESSMENT_LOW_SCORE))


def combine(parts: dict[str, Decimal | None], weights: dict[str, float]) -> Decimal | None:
    """Weighted average of the parts present (out of 100); a missing part's
    weight is shared among the others. None when no weighted part is present."""
    present = {k: v for k, v in parts.items() if v is not None and weights.get(k)}
    if not present:
        return None
    total_weight = sum(Decimal(str(weights[k])) for k in present)
    value = sum(Decimal(str(weights[k])) * Decimal(v) for k, v in present.items()) / total_weight
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def residents_part(batches: Iterable[tuple[int, object]]) -> tuple[Decimal | None, int]:
    """The residents' part (群众评) and the number of answers it rests on.

    `batches` are (answers, mean score out of 100): an online answer is
    (1, the mean of its three questions), a paper batch (its forms, its
    average). The part is the mean over every answer, rounded half up to one
    decimal, computed exactly (an online answer's mean is in thirds). With
    fewer than ASSESSMENT_RESIDENTS_MIN_ANSWERS answers (or none) it is not
    assessed: None, which `annual_total` counts as the unassessed score.
    """
    answers, points = 0, Fraction(0)
    for count, score in batches:
        answers += count
        points += count * Fraction(score)
    if answers == 0 or answers < settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS:
        return None, answers
    return Decimal(math.floor(points * 10 / answers + Fraction(1, 2))) / 10, answers


def answer_score(q1: int, q2: int, q3: int) -> Fraction:
    """An online answer's score: the mean of its three questions, exact."""
    return Fraction(q1 + q2 + q3, 3)


def unassessed_score() -> Decimal:
    """What a residents' part not assessed counts in the total. Not the
    weight shared among the other parts (as for a missing part elsewhere):
    then a few answers, or none, would beat bad answers. At 0 by default, the
    score of the worst answers (config/settings/domain.py)."""
    return tenth(settings.ASSESSMENT_RESIDENTS_UNASSESSED_SCORE)


def annual_total(*, party, monthly_average, self_score, peer, residents) -> Decimal | None:
    """The annual score out of 100; the monthly average (out of 10) counts x10.
    `residents` None is a residents' part not assessed: it counts as
    `unassessed_score()`, never as a missing part."""
    monthly = Decimal(monthly_average) * 10 if monthly_average is not None else None
    if residents is None:
        residents = unassessed_score()
    return combine(
        {
            "party": party,
            "monthly": monthly,
            "self": self_score,
            "peer": peer,
            "residents": residents,
        },
        settings.ASSESSMENT_WEIGHTS,
    )


def stars_for(total: Decimal | None, party: Decimal | None) -> int | None:
    """The star rating for an annual total. Party building is counted first:
    without its score there is no rating, and below the pass mark the rating
    is capped."""
    if total is None or party is None:
        return None
    stars = 1
    for candidate, threshold in sorted(settings.ASSESSMENT_STARS.items(), reverse=True):
        if total >= Decimal(str(threshold)):
            stars = candidate
            break
    if Decimal(party) < Decimal(str(settings.ASSESSMENT_PARTY_PASS)):
        stars = min(stars, settings.ASSESSMENT_PARTY_FAIL_CAP)
    return stars


def platform_total(*, reports_share, quarterly, half_year, annual) -> Decimal | None:
    reports = Decimal(reports_share) * 100 if reports_share is not None else None
    return combine(
        {"reports": reports, "quarterly": quarterly, "half_year": half_year, "annual": annual},
        settings.PLATFORM_WEIGHTS,
    )


def grade_for(total: Decimal | None) -> str:
    if total is None:
        return ""
    for grade, threshold in sorted(settings.PLATFORM_GRADES.items(), key=lambda g: -g[1]):
        if total >= Decimal(str(threshold)):
            return grade
    return "D"
