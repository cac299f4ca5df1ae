"""The annual stars as one statement: every organisation's assessment for a
year computed and upserted by a single INSERT … SELECT … ON CONFLICT DO
UPDATE, the same on PostgreSQL and SQLite (≥ 3.24). The INSERT comes first
and its WITH after: SQLite's driver counts the rows written only for a
statement that starts with INSERT.

The statement applies `assessments.rules` in SQL, and gives the same numbers
as those rules applied to each organisation in Python (tested on both
databases, compared on the whole city by bench/annual_rollup.py). Every
score here has one decimal, so the arithmetic is done exactly, in whole
tenths, whatever the database: no floating point and no database-specific
rounding.

- a score in tenths: ROUND(score * 10) as an integer;
- an average to one decimal, rounded half up (`rules.tenth`): for whole
  tenths s over n rows, (2s + n) / (2n) in integer division;
- the weighted total (`rules.combine`): the weights are scaled to whole
  numbers; Σ wᵢ·pᵢ over the parts present, divided by Σ wᵢ, rounded half up
  the same way;
- the residents' part (`rules.residents_part`): online answers and paper
  forms summed in thirds of tenths (an answer's mean is a third of its three
  scores), averaged and rounded half up the same way; below the minimum of
  answers it is not assessed and counts as the unassessed score;
- a threshold t against a total in whole tenths T: T ≥ 10t exactly when
  T ≥ ⌈10t⌉, and a score below the party-building pass likewise.

A second statement, `rate`, writes the stars on the organisations (one
UPDATE … FROM). This module is the only place the star rules are written in
SQL: change a rule in rules.py, change it here, and the tests comparing the
two fail until both agree.
"""

import math
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.utils import timezone

from lib.periods import Year
from orgs.models import Organisation

from .. import rules
from ..models import AnnualAssessment, MonthlyScore, PaperSurvey, PeerRating, SurveyAnswer

# The parts of the annual total, as rules.annual_total names them, and the
# column of whole tenths (out of 100) that holds each one in `parts` below.
PARTS = {
    "party": "party",
    "monthly": "monthly * 10",  # the monthly average is out of 10: ×10
    "self": "self",
    "peer": "peer",
    "residents": "residents",
}

# Months and platforms packed in one number, month × PACKED + platform, so
# that MAX finds the platform of the latest month in the same pass (platform
# ids stay far below it).
PACKED = 10**12

STATEMENT = """
INSERT INTO {annual} (
    organisation_id, year, platform_id, peer_score, peer_count, monthly_average,
    months_scored, residents_score, residents_answers, total, stars, computed_at
)
WITH pooled AS (  -- typed NULLs: PostgreSQL types a UNION by its first rows
    SELECT organisation_id AS org, 1 AS scored, CAST(ROUND(total * 10) AS INTEGER) AS month_tenths,
           month * %s + platform_id AS latest, 0 AS rated, CAST(NULL AS INTEGER) AS peer_tenths,
           CAST(NULL AS BIGINT) AS platform, CAST(NULL AS INTEGER) AS party,
           CAST(NULL AS INTEGER) AS self, 0 AS answers, CAST(NULL AS INTEGER) AS thirds
    FROM {monthly} WHERE year = %s
    UNION ALL
    SELECT rated_id, 0, NULL, NULL, 1, CAST(ROUND(score * 10) AS INTEGER), NULL,
           NULL, NULL, 0, NULL
    FROM {peer} WHERE year = %s
    UNION ALL
    SELECT organisation_id, 0, NULL, NULL, 0, NULL, platform_id,
           CAST(ROUND(party_score * 10) AS INTEGER),
           CAST(ROUND(self_score * 10) AS INTEGER), 0, NULL
    FROM {annual} WHERE year = %s
    UNION ALL  -- an online answer: its mean in tenths is (q1 + q2 + q3) × 10 / 3
    SELECT organisation_id, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL,
           1, CAST((q1 + q2 + q3) * 10 AS INTEGER)
    FROM {answer} WHERE year = %s
    UNION ALL  -- a paper batch: its forms, each at its average
    SELECT organisation_id, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL,
           forms, CAST(forms * ROUND(average * 10) * 3 AS INTEGER)
    FROM {paper} WHERE year = %s
), summed AS (
    -- One pass over the five. The platform that scored last is in the greatest of
    -- month × PACKED + platform id; the inputs are one row an organisation, so MAX is the value.
    -- The residents' answers are summed in thirds of tenths: exact for an online answer's mean.
    SELECT org, SUM(scored) AS months, SUM(month_tenths) AS month_tenths, MAX(latest) AS latest,
           SUM(rated) AS n, SUM(peer_tenths) AS peer_tenths, MAX(platform) AS platform,
           MAX(party) AS party, MAX(self) AS self, SUM(answers) AS answers,
           SUM(thirds) AS thirds
    FROM pooled GROUP BY org
), assessed AS (
    SELECT org, COALESCE(latest %% %s, platform) AS platform, months, n, answers,
           CASE WHEN months > 0 THEN (2 * month_tenths + months) / (2 * months) END AS monthly,
           CASE WHEN n > 0 THEN (2 * peer_tenths + n) / (2 * n) END AS peer,
           CASE WHEN answers > 0 AND answers >= %s
                THEN (2 * thirds + 3 * answers) / (6 * answers) END AS survey,
           party, self
    FROM summed
), parts AS (
    -- A residents' part not assessed counts as the unassessed score (rules.annual_total).
    SELECT assessed.*, COALESCE(survey, %s) AS residents FROM assessed
), weighed AS (
    SELECT parts.*, {weighted} AS weighted, {weight} AS weight FROM parts
), totalled AS (
    SELECT weighed.*,
           CASE WHEN weight > 0 THEN (2 * weighted + weight) / (2 * weight) END AS total
    FROM weighed
), rated AS (
    SELECT totalled.*, {reached} AS reached FROM totalled
)
SELECT org, %s, platform, peer / 10.0, n, monthly / 10.0, months, survey / 10.0, answers,
       total / 10.0,
       CASE
           WHEN total IS NULL OR party IS NULL THEN NULL
           WHEN party < %s AND reached > %s THEN %s
           ELSE reached
       END,
       %s
FROM rated
WHERE TRUE  -- SQLite: without a WHERE, ON CONFLICT would read as a join's ON
ON CONFLICT (organisation_id, year) DO UPDATE SET
    platform_id = excluded.platform_id,
    peer_score = excluded.peer_score,
    peer_count = excluded.peer_count,
    monthly_average = excluded.monthly_average,
    months_scored = excluded.months_scored,
    residents_score = excluded.residents_score,
    residents_answers = excluded.residents_answers,
    total = excluded.total,
    stars = excluded.stars,
    computed_at = excluded.computed_at
"""


# The rating written on the organisation for the lower apps (projects give
# five stars priority), unless a later year has rated it already. A join, not
# a subquery per organisation (UPDATE … FROM: PostgreSQL, SQLite ≥ 3.33).
RATE = """
UPDATE {organisation} SET star_rating = assessed.stars, star_year = %s
FROM {annual} assessed
WHERE assessed.organisation_id = {organisation}.id AND assessed.year = %s
  AND assessed.stars IS NOT NULL
  AND ({organisation}.star_year IS NULL OR {organisation}.star_year <= %s)
"""


def whole_tenths(value) -> int:
    """The least whole number of tenths at or above `value` (a setting)."""
    return math.ceil(Decimal(str(value)) * 10)


def _whole_weights() -> dict[str, int]:
    """The weights of the parts, scaled by one power of ten to whole numbers
    (a weighted average does not change when every weight is scaled)."""
    weights = {part: Decimal(str(settings.ASSESSMENT_WEIGHTS.get(part) or 0)) for part in PARTS}
    scale = 10 ** max(-min(w.as_tuple().exponent, 0) for w in weights.values())
    return {part: int(w * scale) for part, w in weights.items()}


def statement(year: Year) -> tuple[str, list]:
    """The SQL and its parameters for `year`, with today's settings."""
    number = year.year
    weights = {part: w for part, w in _whole_weights().items() if w}
    weighted = " + ".join(f"COALESCE(%s * ({PARTS[part]}), 0)" for part in weights)
    weight = " + ".join(f"CASE WHEN {PARTS[part]} IS NULL THEN 0 ELSE %s END" for part in weights)
    thresholds = sorted(settings.ASSESSMENT_STARS.items(), reverse=True)
    sql = STATEMENT.format(
        monthly=MonthlyScore._meta.db_table,
        peer=PeerRating._meta.db_table,
        annual=AnnualAssessment._meta.db_table,
        answer=SurveyAnswer._meta.db_table,
        paper=PaperSurvey._meta.db_table,
        weighted=weighted or "0",
        weight=weight or "0",
        reached=(
            "CASE " + " ".join("WHEN total >= %s THEN %s" for _ in thresholds) + " ELSE 1 END"
            if thresholds
            else "1"
        ),
    )
    cap = settings.ASSESSMENT_PARTY_FAIL_CAP
    params = [
        PACKED,
        number,
        number,
        number,
        number,
        number,
        PACKED,
        settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS,
        int(rules.unassessed_score() * 10),
        *weights.values(),
        *weights.values(),
        *[value for stars, threshold in thresholds for value in (whole_tenths(threshold), stars)],
        number,
        whole_tenths(settings.ASSESSMENT_PARTY_PASS),
        cap,
        cap,
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    return sql, params


def assess(year: Year) -> int:
    """Compute and upsert every assessment of `year` (organisations scored,
    rated by peers, or with inputs entered); returns how many."""
    sql, params = statement(year)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def rate(year: Year) -> int:
    """Write the year's stars on the organisations; returns how many."""
    sql = RATE.format(
        organisation=Organisation._meta.db_table, annual=AnnualAssessment._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [year.year] * 3)
        return cursor.rowcount
