"""The assessment rules' arithmetic, with the numbers from settings (see
config/settings/domain.py, "Assessments"), so an office can tune them."""

from decimal import ROUND_HALF_UP, Decimal

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


def annual_total(*, party, monthly_average, self_score, peer, residents) -> Decimal | None:
    """The annual score out of 100; the monthly average (out of 10) counts x10."""
    monthly = Decimal(monthly_average) * 10 if monthly_average is not None else None
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
