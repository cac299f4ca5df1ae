"""Properties of four rules, checked on generated inputs (Hypothesis): the
credit code and ID number validators, the deadline clock of grid tickets,
the annual star rating, and the governance fund ledger.

Every test is derandomized, so CI and a laptop run the same examples (and
Hypothesis keeps no example database). Tests on the database run each
example inside `undone()`, a savepoint rolled back at the example's end, so
every example starts from the fixtures' rows and nothing else.
"""

import re
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from assessments import rules
from assessments.models import AnnualAssessment, MonthlyScore, PeerRating
from assessments.rollups import run_annual
from grids import services as tickets
from grids.calendar import WorkingCalendar, add_working_days, working_days_between
from grids.models import EscalationLevel, Ticket
from incubators.models import EntryKind, Fund, FundEntry, FundSource
from incubators.services import funds
from lib.periods import Year
from lib.validators import normalise_code, validate_credit_code, validate_id_number
from orgs.models import CalendarDay
from tests.assessment_helpers import residents_paper, template
from tests.factories import OrganisationFactory
from tests.grid_helpers import found

ZONE = ZoneInfo("Asia/Shanghai")

# No per-example deadline and no "too slow" health check anywhere: the CI
# machine has 2 shared cores and is slow in bursts, which would make them flaky.
PURE = settings(
    max_examples=200, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# On the database: fewer examples. The function-scoped fixture health check
# is suppressed knowingly: the fixtures (db, territory, personas...) are set
# up once for all the examples of a test, which is what we want, because each
# example runs in `undone()` and leaves the database as it found it; the
# examples only read the fixtures' rows.
DATABASE = settings(
    PURE,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextmanager
def undone():
    """One example's database work, in a savepoint rolled back at its end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def tenths(top: int):
    """Scores as they are kept: one decimal, 0 to `top`."""
    return st.integers(0, top * 10).map(lambda n: Decimal(n).scaleb(-1))


# --- 1. credit codes and ID numbers ---------------------------------------------------------

# GB 32100-2015: 31 characters (no I, O, Z, S, V); the first character is the
# registration authority (1-9, A for the military, N for agriculture, Y for
# others), the second the kind of body, then the 6-digit region code, the
# 9-character organisation code and the check character.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
AUTHORITIES = "123456789ANY"
CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]
CANONICAL_CODE = re.compile(rf"[{AUTHORITIES}][0-9]{{7}}[{ALPHABET}]{{10}}")


def code_check(body: str) -> str:
    return ALPHABET[
        -sum(ALPHABET.index(c) * w for c, w in zip(body, CODE_WEIGHTS, strict=True)) % 31
    ]


# GB 11643-1999: 17 digits (region, birth date, sequence), then ISO 7064 MOD 11-2.
ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def id_check(body: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


@st.composite
def credit_codes(draw) -> str:
    body = (
        draw(st.sampled_from(AUTHORITIES))
        + draw(st.text("0123456789", min_size=7, max_size=7))
        + draw(st.text(ALPHABET, min_size=9, max_size=9))
    )
    return body + code_check(body)


@st.composite
def id_numbers(draw) -> str:
    body = (
        draw(st.text("0123456789", min_size=6, max_size=6))
        + draw(st.dates(date(1900, 1, 1), date(2026, 12, 31))).strftime("%Y%m%d")
        + draw(st.text("0123456789", min_size=3, max_size=3))
    )
    return body + id_check(body)


@st.composite
def typed(draw, code: str) -> str:
    """The code as people type or paste it: lower case, full-width characters,
    spaces (also the ideographic one), tabs and dashes anywhere."""
    out = []
    for char in code:
        if draw(st.booleans()):
            char = char.lower()
        if draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0)  # the full-width form
        out.append(draw(st.sampled_from(["", "", " ", "-", "\u3000", "\t"])) + char)
    return "".join(out) + draw(st.sampled_from(["", " ", "\n"]))


# Characters a random draw seldom reaches: dashes and spaces of other kinds,
# Arabic-Indic, Devanagari and Ethiopic digits, circled and superscript ones.
LOOKALIKES = "\u2010\u2011\u2013\u2014\u2212\uff0d\xa0\u200b\u0663\u0969\u1369\u2460\xb2\U0001d7d9"


@st.composite
def mutated(draw, codes) -> str:
    """A valid code with one character replaced by, or one inserted from,
    characters that look like code characters: other scripts' digits,
    Unicode dashes and spaces, letters, control characters."""
    code = list(draw(codes))
    char = draw(
        st.one_of(
            st.sampled_from(ALPHABET + "IOZSVx"),
            st.sampled_from(LOOKALIKES),
            st.characters(categories=["Nd", "No", "Pd", "Zs", "Lu", "Ll", "Cc"]),
        )
    )
    place = draw(st.integers(0, len(code) - 1))
    if draw(st.booleans()):
        code[place] = char
    else:
        code.insert(place, char)
    return "".join(code)


def anything_typed(codes):
    return st.one_of(
        st.text(max_size=30),
        st.text(ALPHABET + "iozsvx -–—\u3000", max_size=24),
        mutated(codes),
    )


@PURE
@given(credit_codes())
def test_every_credit_code_with_the_right_check_character_is_accepted(code):
    validate_credit_code(code)


@PURE
@given(credit_codes(), st.integers(0, 17), st.sampled_from(ALPHABET))
def test_a_credit_code_with_one_character_changed_is_refused(code, place, char):
    # Always true of GB 32100: 31 is prime and no weight is a multiple of it,
    # so a change of one of the first 17 characters changes the sum mod 31;
    # a change of the check character is a mismatch by definition.
    changed = code[:place] + char + code[place + 1 :]
    if changed == code:
        return
    with pytest.raises(ValidationError) as error:
        validate_credit_code(changed)
    # A letter where the standard wants a digit is a format error; otherwise
    # the check character catches it.
    expected = "checksum" if CANONICAL_CODE.fullmatch(changed) else "format"
    assert error.value.code == expected


@PURE
@given(credit_codes(), st.integers(0, 15))
def test_a_credit_code_with_two_neighbours_swapped_is_refused(code, place):
    # 3 generates all of 1..30 mod 31, so the 17 weights are all different.
    swapped = code[:place] + code[place + 1] + code[place] + code[place + 2 :]
    if swapped == code:
        return
    with pytest.raises(ValidationError):
        validate_credit_code(swapped)


@PURE
@given(credit_codes().flatmap(lambda code: st.tuples(st.just(code), typed(code))))
def test_a_credit_code_is_accepted_however_it_is_typed(pair):
    code, as_typed = pair
    assert normalise_code(as_typed) == code
    validate_credit_code(as_typed)


@PURE
@given(anything_typed(credit_codes()))
def test_the_credit_code_validator_only_ever_raises_a_validation_error(value):
    try:
        validate_credit_code(value)
    except ValidationError as error:
        assert error.code in {"length", "format", "checksum"}
    else:
        # What was accepted is stored normalised: it must be the code itself.
        code = normalise_code(value)
        assert CANONICAL_CODE.fullmatch(code), code
        assert code[-1] == code_check(code[:17])


@PURE
@given(id_numbers())
def test_every_id_number_with_a_real_birth_date_and_the_right_check_is_accepted(number):
    validate_id_number(number)
    validate_id_number(number.lower())  # a lower-case x


@PURE
@given(id_numbers(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_an_id_number_with_one_character_changed_is_refused(number, place, char):
    # MOD 11-2: 11 is prime, every weight is 2^k mod 11 (never 0) and digits
    # differ by less than 11, so one changed digit always changes the sum.
    changed = number[:place] + char + number[place + 1 :]
    if changed == number:
        return
    with pytest.raises(ValidationError):
        validate_id_number(changed)


@PURE
@given(id_numbers(), st.integers(0, 15))
def test_an_id_number_with_two_neighbours_swapped_is_refused(number, place):
    # Neighbouring weights differ (2^k and 2^(k+1) mod 11); weights ten places
    # apart are equal, so only neighbours are promised.
    swapped = number[:place] + number[place + 1] + number[place] + number[place + 2 :]
    if swapped == number:
        return
    with pytest.raises(ValidationError):
        validate_id_number(swapped)


@PURE
@given(
    st.text("0123456789", min_size=6, max_size=6),
    st.integers(1800, 2099),
    st.integers(0, 99),
    st.integers(0, 99),
    st.text("0123456789", min_size=3, max_size=3),
)
def test_an_id_number_with_an_impossible_birth_date_is_refused(region, year, month, day, seq):
    try:
        date(year, month, day)
    except ValueError:
        pass
    else:
        return
    body = f"{region}{year:04d}{month:02d}{day:02d}{seq}"
    with pytest.raises(ValidationError) as error:
        validate_id_number(body + id_check(body))
    assert error.value.code == "format"


@PURE
@given(id_numbers().flatmap(lambda number: st.tuples(st.just(number), typed(number))))
def test_an_id_number_is_accepted_however_it_is_typed(pair):
    number, as_typed = pair
    assert normalise_code(as_typed) == number
    validate_id_number(as_typed)


@PURE
@given(anything_typed(id_numbers()))
def test_the_id_number_validator_only_ever_raises_a_validation_error(value):
    try:
        validate_id_number(value)
    except ValidationError as error:
        assert error.code in {"length", "format", "checksum"}
    else:
        number = normalise_code(value)
        assert re.fullmatch(r"[0-9]{17}[0-9X]", number), number
        assert number[-1] == id_check(number[:17])
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


# --- 2. the deadline clock of tickets -------------------------------------------------------


@st.composite
def calendars(draw):
    """A start day and the office's corrections of the 60 days after it:
    holidays off (False) and exchanged weekend days on (True)."""
    start = draw(st.dates(date(2027, 1, 1), date(2030, 12, 31)))
    overrides = draw(
        st.dictionaries(
            st.integers(1, 60).map(lambda k: start + timedelta(days=k)), st.booleans(), max_size=12
        )
    )
    return start, overrides


def with_calendar(overrides: dict) -> None:
    """Only these corrections in the table (the 2026 ones the migration ships
    are removed inside the example's savepoint)."""
    CalendarDay.objects.all().delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, is_working=working, name="调休" if working else "节日")
        for day, working in overrides.items()
    )


def nth_working_day(start: date, n: int, overrides: dict) -> date:
    """The oracle: walk the days after `start`, Monday to Friday unless corrected."""
    day = start
    while n:
        day += timedelta(days=1)
        n -= overrides.get(day, day.weekday() < 5)
    return day


@DATABASE
@given(calendars(), st.integers(1, 30))
def test_a_deadline_is_the_nth_working_day_and_never_a_day_off(db, calendar, n):
    start, overrides = calendar
    with undone():
        with_calendar(overrides)
        due = add_working_days(start, n)
        assert due == nth_working_day(start, n, overrides)
        assert overrides.get(due, due.weekday() < 5), "a deadline on a day off"
        assert working_days_between(start, due) == n
        assert working_days_between(start, due - timedelta(days=1)) == n - 1


@DATABASE
@given(calendars(), st.integers(0, 10), st.integers(1, 15), st.integers(1, 15))
def test_working_days_add_up_and_never_run_backwards(db, calendar, later, n, m):
    start, overrides = calendar
    with undone():
        with_calendar(overrides)
        assert add_working_days(add_working_days(start, n), m) == add_working_days(start, n + m)
        assert add_working_days(start, n) < add_working_days(start, n + m)
        assert add_working_days(start, n) <= add_working_days(start + timedelta(later), n)


@DATABASE
@given(st.dates(date(2027, 1, 1), date(2030, 12, 31)), st.integers(1, 40))
def test_without_corrections_weekends_are_skipped_and_five_working_days_are_a_week(db, start, n):
    with undone():
        CalendarDay.objects.all().delete()
        due = add_working_days(start, n)
        assert due.weekday() < 5
        assert add_working_days(start, n + 5) == due + timedelta(days=7)


@DATABASE
@given(
    st.dates(date(2027, 1, 1), date(2030, 12, 31)),
    st.integers(0, 4),
    st.integers(1, 14),
)
def test_a_make_up_saturday_counts_and_a_holiday_does_not(db, near, weekday, back):
    saturday = near + timedelta(days=(5 - near.weekday()) % 7)
    holiday = saturday + timedelta(days=2 + weekday)  # Monday to Friday after it
    with undone():
        with_calendar({saturday: True, holiday: False})
        start = saturday - timedelta(days=back)
        day_before = saturday - timedelta(days=1)
        assert add_working_days(day_before, 1) == saturday
        assert working_days_between(start, saturday) == working_days_between(start, day_before) + 1
        before_holiday = holiday - timedelta(days=1)
        assert working_days_between(start, holiday) == working_days_between(start, before_holiday)
        assert add_working_days(before_holiday, 1) != holiday


# Moments in 2026, whose holidays and exchanged days the migration ships.
MOMENTS = st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 15), timezones=st.just(UTC))


@DATABASE
@given(MOMENTS, st.timedeltas(timedelta(0), timedelta(days=20)))
def test_the_deadline_counts_from_the_local_date_of_acceptance_and_never_runs_backwards(
    personas, grids, first, gap
):
    worker = personas.community_worker
    calendar = WorkingCalendar(date(2026, 1, 1), date(2027, 2, 1))
    with undone():
        due = []
        for moment in (first, first + gap):
            ticket = found(grids.a1, grids.dispute, by=personas.grid_member)
            with time_machine.travel(moment, tick=False):
                tickets.accept(ticket=ticket, by=worker)
            ticket.refresh_from_db()
            local_day = moment.astimezone(ZONE).date()
            assert ticket.due_on == calendar.add(local_day, grids.dispute.deadline_days)
            assert calendar.is_working(ticket.due_on)
            due.append(ticket.due_on)
        assert due[0] <= due[1]


@settings(DATABASE, max_examples=40)
@given(MOMENTS, st.integers(-3, 12), st.integers(0, 3), st.integers(0, 4))
def test_overdue_and_escalation_agree_with_the_deadline(
    personas, grids, accepted_at, days_after_due, street_days, more_for_district
):
    district_days = street_days + more_for_district
    with undone():
        ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
        with time_machine.travel(accepted_at, tick=False):
            tickets.accept(ticket=ticket, by=personas.community_worker)
        ticket.refresh_from_db()
        today = ticket.due_on + timedelta(days=days_after_due)  # near the edge
        late = today > ticket.due_on
        with time_machine.travel(datetime.combine(today, time(10), ZONE), tick=False):
            assert ticket.is_overdue == late
            assert Ticket.objects.overdue().filter(pk=ticket.pk).exists() == late
        overdue_by = working_days_between(ticket.due_on, today)
        note(f"due {ticket.due_on}, today {today}, {overdue_by} working days overdue")
        with override_settings(
            TICKET_ESCALATE_TO_STREET_DAYS=street_days,
            TICKET_ESCALATE_TO_DISTRICT_DAYS=district_days,
        ):
            tickets.escalate_overdue(today=today)
        ticket.refresh_from_db()
        if late and overdue_by >= district_days:
            assert ticket.escalation == EscalationLevel.DISTRICT
        elif late and overdue_by >= street_days:
            assert ticket.escalation == EscalationLevel.STREET
        else:
            assert ticket.escalation == EscalationLevel.COMMUNITY


# --- 3. the annual star rating ---------------------------------------------------------------

# Four different pass marks out of 100, for 2 to 5 stars.
THRESHOLDS = st.lists(st.integers(1, 100), min_size=4, max_size=4, unique=True).map(
    lambda marks: dict(zip((2, 3, 4, 5), sorted(marks), strict=True))
)


def star_settings(thresholds, party_pass=60, cap=3):
    return override_settings(
        ASSESSMENT_STARS=thresholds, ASSESSMENT_PARTY_PASS=party_pass, ASSESSMENT_PARTY_FAIL_CAP=cap
    )


@PURE
@given(THRESHOLDS, tenths(100), tenths(100), tenths(100), st.integers(0, 100), st.integers(1, 5))
def test_stars_are_one_to_five_and_never_fall_as_a_score_rises(
    thresholds, one, other, party, party_pass, cap
):
    low, high = sorted([one, other])
    with star_settings(thresholds, party_pass, cap):
        assert 1 <= rules.stars_for(low, party) <= rules.stars_for(high, party) <= 5
        assert rules.stars_for(high, min(low, party)) <= rules.stars_for(high, max(high, party))
        assert rules.stars_for(None, party) is None
        assert rules.stars_for(high, None) is None


@PURE
@given(THRESHOLDS)
def test_each_star_is_reached_exactly_at_its_threshold(thresholds):
    with star_settings(thresholds):
        for stars, mark in thresholds.items():
            assert rules.stars_for(Decimal(mark), party=Decimal(100)) == stars
            just_below = Decimal(mark) - Decimal("0.1")
            assert rules.stars_for(just_below, party=Decimal(100)) == stars - 1


@PURE
@given(THRESHOLDS, tenths(100), tenths(100), st.integers(1, 100), st.integers(1, 5))
def test_below_the_party_pass_mark_the_rating_is_capped_and_above_it_is_not(
    thresholds, total, party, party_pass, cap
):
    with star_settings(thresholds):
        uncapped = rules.stars_for(total, Decimal(100))
    with star_settings(thresholds, party_pass, cap):
        stars = rules.stars_for(total, party)
    assert stars == (min(uncapped, cap) if party < party_pass else uncapped)


@PURE
@given(
    st.fixed_dictionaries(
        {
            "party": st.none() | tenths(100),
            "monthly_average": st.none() | tenths(10),
            "self_score": st.none() | tenths(100),
            "peer": st.none() | tenths(100),
            "residents": st.none() | tenths(100),
        }
    ),
    st.sampled_from(["party", "monthly_average", "self_score", "peer", "residents"]),
    st.integers(1, 100),
)
def test_the_annual_total_lies_between_its_parts_and_rises_with_each(parts, raised, step):
    total = rules.annual_total(**parts)
    # A residents' part not assessed counts as the unassessed score, not as missing.
    counted = {**parts, "residents": parts["residents"]}
    if counted["residents"] is None:
        counted["residents"] = rules.unassessed_score()
    present = [
        value * 10 if name == "monthly_average" else value
        for name, value in counted.items()
        if value is not None
    ]
    if not present:
        assert total is None
        return
    assert min(present) - Decimal("0.05") <= total <= max(present) + Decimal("0.05")
    if parts[raised] is not None:
        top = Decimal(10) if raised == "monthly_average" else Decimal(100)
        higher = min(parts[raised] + Decimal(step).scaleb(-1), top)
        assert rules.annual_total(**{**parts, raised: higher}) >= total


def organisation_year():
    """What the year gave one organisation: monthly scores, and the inputs
    staff entered (or none)."""
    return st.fixed_dictionaries(
        {
            "months": st.dictionaries(st.integers(1, 12), tenths(10), max_size=12),
            "inputs": st.none()
            | st.fixed_dictionaries(
                {
                    "party_score": st.none() | tenths(100),
                    "self_score": st.none() | tenths(100),
                    "residents_score": st.none() | tenths(100),
                }
            ),
        }
    )


def exact_mean(values):
    return rules.tenth(sum(values) / len(values)) if values else None


# On PostgreSQL too (CI, -m postgres): averages in SQL, bulk upserts.
@pytest.mark.postgres
@DATABASE
@given(
    st.lists(organisation_year(), min_size=1, max_size=4),
    st.dictionaries(
        st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda pair: pair[0] != pair[1]),
        tenths(100),
        max_size=6,
    ),
)
def test_the_annual_rollup_rates_as_the_rules_do(personas, platforms, years, peer_scores):
    """The rollup averages in SQL and upserts in bulk; the rules are plain
    Python. For generated organisations they must give the same numbers."""
    with undone():
        scoring = template()
        orgs = [OrganisationFactory(area=personas.organisation_a1.area) for _ in years]
        for org, year in zip(orgs, years, strict=True):
            for month, total in year["months"].items():
                MonthlyScore.objects.create(
                    organisation=org,
                    platform=platforms.street_a,
                    year=2025,
                    month=month,
                    template=scoring,
                    total=total,
                    scored_by=personas.operator,
                )
            if year["inputs"] is not None:
                inputs = dict(year["inputs"])
                residents = inputs.pop("residents_score")
                AnnualAssessment.objects.create(organisation=org, year=2025, **inputs)
                if residents is not None:  # as a batch of paper forms, enough to count
                    residents_paper(org, 2025, residents, by=personas.operator)
        peers = {pair: score for pair, score in peer_scores.items() if max(pair) < len(orgs)}
        for (rater, rated), score in peers.items():
            PeerRating.objects.create(
                year=2025,
                rater=orgs[rater],
                rated=orgs[rated],
                score=score,
                recorded_by=personas.operator,
            )

        run_annual(Year(2025))

        for index, (org, year) in enumerate(zip(orgs, years, strict=True)):
            received = [score for (_r, rated), score in peers.items() if rated == index]
            inputs = year["inputs"] or {}
            row = AnnualAssessment.objects.filter(organisation=org, year=2025).first()
            if not (year["months"] or received or year["inputs"] is not None):
                assert row is None
                continue
            average, peer = exact_mean(list(year["months"].values())), exact_mean(received)
            total = rules.annual_total(
                party=inputs.get("party_score"),
                monthly_average=average,
                self_score=inputs.get("self_score"),
                peer=peer,
                residents=inputs.get("residents_score"),
            )
            stars = rules.stars_for(total, inputs.get("party_score"))
            assert (row.monthly_average, row.months_scored) == (average, len(year["months"]))
            assert (row.peer_score, row.peer_count) == (peer, len(received))
            assert (row.total, row.stars) == (total, stars)
            org.refresh_from_db()
            assert org.star_rating == stars


# --- 4. the governance fund ledger ---------------------------------------------------------

FIRST_DAY = date(2026, 4, 1)
DAYS = st.integers(0, 9).map(lambda k: FIRST_DAY + timedelta(days=k))
CENTS = st.integers(1, 2_000_000).map(lambda n: Decimal(n).scaleb(-2))  # 0.01 to 20,000.00
INFLOWS = (EntryKind.DONATION, EntryKind.REFUND)
YUAN = re.compile(r"\d+\.\d\d 元")  # a refusal says how much there is, in yuan and fen


class FundLedger(RuleBasedStateMachine):
    """A fund driven through any sequence of receipts, refunds, allocations,
    payments and releases, against a model of what the ledger must hold.

    The model's rule for cash: the statement lists entries by date (then in
    the order recorded) with the running balance, and that balance is never
    below zero, on any row. A payment dated before the money arrived is an
    overdraft on that date, even if the fund holds enough today."""

    allocations = Bundle("allocations")

    def __init__(self, area, by):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.fund = Fund.objects.create(
            name="属性测试治理基金", area=area, opened_on=date(2026, 1, 1)
        )
        self.by = by
        self.vouchers = count(1)
        self.rows = []  # (day, kind, amount, voucher): the ledger as it should be
        self.left = {}  # allocation voucher -> amount not yet paid or released

    def teardown(self):
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # -- the model

    @property
    def balance(self) -> Decimal:
        return self._cash(self.rows)[-1]

    @staticmethod
    def _cash(rows) -> list[Decimal]:
        """The running balance after each row, in the statement's order."""
        running, balances = Decimal("0.00"), [Decimal("0.00")]
        for _day, kind, amount, _voucher in sorted(rows, key=lambda row: row[0]):
            if kind in INFLOWS:
                running += amount
            elif kind == EntryKind.DISBURSEMENT:
                running -= amount
            balances.append(running)
        return balances

    @property
    def committed(self) -> Decimal:
        return sum(self.left.values(), Decimal("0.00"))

    @property
    def free(self) -> Decimal:
        return self.balance - self.committed

    def never_overdrawn(self, day, amount) -> bool:
        # sorted() is stable: a new row comes after the rows of its day.
        payment = (day, EntryKind.DISBURSEMENT, amount, "")
        return min(self._cash([*self.rows, payment])) >= 0

    # -- driving the services

    def source(self, service):
        # Money in names its source; one source, so its free money is the fund's.
        if service in (funds.receive, funds.refund):
            return {"source": FundSource.objects.get(name="福彩公益金")}
        return {}

    def record(self, service, kind, amount, day, allocation=None, voucher=None):
        voucher = voucher or f"PZ-{next(self.vouchers):04d}"
        entry = service(
            fund=self.fund,
            amount=amount,
            occurred_on=day,
            counterparty="属性测试",
            purpose="属性测试",
            voucher_number=voucher,
            by=self.by,
            allocation=allocation,
            **self.source(service),
        )
        assert entry.amount == amount and entry.kind == kind
        self.rows.append((day, kind, amount, voucher))
        return entry

    def refused(self, service, amount, day, allocation=None, voucher="PZ-REFUSED"):
        before = (FundEntry.objects.filter(fund=self.fund).count(), funds.position(self.fund))
        with pytest.raises(ValidationError) as error:
            service(
                fund=self.fund,
                amount=amount,
                occurred_on=day,
                counterparty="属性测试",
                purpose="属性测试",
                voucher_number=voucher,
                by=self.by,
                allocation=allocation,
                **self.source(service),
            )
        assert error.value.messages and all(m.strip() for m in error.value.messages)
        after = (FundEntry.objects.filter(fund=self.fund).count(), funds.position(self.fund))
        assert after == before, "a refused entry changed the ledger"
        return " ".join(error.value.messages)

    @rule(amount=CENTS, day=DAYS, refund=st.booleans())
    def money_in(self, amount, day, refund):
        if refund:
            self.record(funds.refund, EntryKind.REFUND, amount, day)
        else:
            self.record(funds.receive, EntryKind.DONATION, amount, day)

    @rule(target=allocations, amount=CENTS, day=DAYS)
    def allocate(self, amount, day):
        if amount > self.free:
            message = self.refused(funds.allocate, amount, day)
            assert str(self.free) in message
            return multiple()
        entry = self.record(funds.allocate, EntryKind.ALLOCATION, amount, day)
        self.left[entry.voucher_number] = amount
        return entry

    @rule(amount=CENTS, day=DAYS)
    def pay_from_free_money(self, amount, day):
        if amount <= self.free and self.never_overdrawn(day, amount):
            self.record(funds.disburse, EntryKind.DISBURSEMENT, amount, day)
        else:
            assert YUAN.search(self.refused(funds.disburse, amount, day))

    @precondition(lambda self: self.free > 0)
    @rule(day=DAYS, over=st.booleans())
    def pay_all_the_free_money_or_a_cent_more(self, day, over):
        amount = self.free + (Decimal("0.01") if over else 0)
        if not over and self.never_overdrawn(day, amount):
            self.record(funds.disburse, EntryKind.DISBURSEMENT, amount, day)
        else:
            assert YUAN.search(self.refused(funds.disburse, amount, day))

    @rule(allocation=allocations, amount=CENTS, day=DAYS, all_of_it=st.booleans())
    def pay_against_an_allocation(self, allocation, amount, day, all_of_it):
        left = self.left[allocation.voucher_number]
        amount = left if all_of_it and left > 0 else amount
        if amount <= left and self.never_overdrawn(day, amount):
            self.record(funds.disburse, EntryKind.DISBURSEMENT, amount, day, allocation)
            self.left[allocation.voucher_number] -= amount
        else:
            assert YUAN.search(self.refused(funds.disburse, amount, day, allocation))

    @rule(allocation=allocations, amount=CENTS, day=DAYS, all_of_it=st.booleans())
    def release(self, allocation, amount, day, all_of_it):
        left = self.left[allocation.voucher_number]
        amount = left if all_of_it and left > 0 else amount
        if amount <= left:
            self.record(funds.release, EntryKind.RELEASE, amount, day, allocation)
            self.left[allocation.voucher_number] -= amount
        else:
            self.refused(funds.release, amount, day, allocation)

    @precondition(lambda self: self.rows)
    @rule(data=st.data())
    def a_voucher_is_recorded_once(self, data):
        voucher = data.draw(st.sampled_from([row[3] for row in self.rows]))
        self.refused(funds.receive, Decimal("1.00"), FIRST_DAY, voucher=voucher)

    @rule(amount=CENTS, fraction=st.integers(1, 9), day=DAYS)
    def fractions_of_a_cent_are_refused(self, amount, fraction, day):
        message = self.refused(funds.receive, amount + Decimal(fraction).scaleb(-3), day)
        assert "两位小数" in message

    # -- what must hold after every step

    @invariant()
    def the_ledger_is_the_model(self):
        entries = list(
            FundEntry.objects.filter(fund=self.fund)
            .order_by("pk")
            .values_list("occurred_on", "kind", "amount", "voucher_number")
        )
        assert entries == self.rows  # every entry once, amounts to the cent
        assert all(amount.as_tuple().exponent == -2 for _d, _k, amount, _v in entries)

    @invariant()
    def the_balance_is_receipts_minus_payments_and_never_negative(self):
        position = funds.position(self.fund)
        assert (position.balance, position.committed, position.free) == (
            self.balance,
            self.committed,
            self.free,
        )
        assert position.balance >= 0 and position.committed >= 0 and position.free >= 0
        sheet = funds.statement(self.fund, Year(2026))
        assert sheet.closing == position.balance
        # Every entry is booked to a source, whose free money is never negative.
        shares = funds.by_source(self.fund)
        assert None not in shares and all(share.free >= 0 for share in shares.values())
        assert sum(share.free for share in shares.values()) == position.free
        assert all(running >= 0 for _entry, running in sheet.rows), [
            (entry.occurred_on, entry.kind, entry.amount, running) for entry, running in sheet.rows
        ]


# On PostgreSQL too (CI, -m postgres): sums of decimals to the cent, under row locks.
@pytest.mark.postgres
def test_the_fund_ledger_holds_under_any_sequence_of_operations(territory, personas):
    run_state_machine_as_test(
        lambda: FundLedger(territory.street_a, personas.street_a_officer),
        settings=settings(max_examples=30, stateful_step_count=15, derandomize=True, deadline=None),
    )
