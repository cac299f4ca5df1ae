"""The residents' survey (群众评): a resident signed in by phone answers it
once a year for an organisation; the community enters paper forms.

The phone never reaches the database or a message: only its keyed digest
(lib.digests) is kept, enough to refuse a second answer from it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lib import clock
from lib.digests import phone_digest
from orgs.models.organisations import LIVE_STATUSES

from ..models import Level, PaperSurvey, SurveyAnswer
from ..models.surveys import COMMENT_LENGTH, DIGEST_PURPOSE


def survey_year() -> int:
    """The year the survey takes answers for: the current one. A year that
    has ended is closed (its annual rollup counts what came in)."""
    return clock.today().year


def digest(phone: str) -> str:
    return phone_digest(phone, purpose=DIGEST_PURPOSE)


def refusal(organisation, year: int) -> ValidationError | None:
    """Why the survey of `organisation` for `year` takes no answers, if so."""
    if organisation.status not in LIVE_STATUSES:
        return ValidationError(
            _("This organisation has closed, so its survey no longer takes answers."),
            code="closed",
        )
    if year != survey_year():
        return ValidationError(
            _("The survey for %(year)s is not open.") % {"year": year}, code="year_closed"
        )
    return None


def already_answered(organisation, phone: str, year: int) -> bool:
    return SurveyAnswer.objects.filter(
        organisation=organisation, year=year, phone_digest=digest(phone)
    ).exists()


def _answered_error() -> ValidationError:
    return ValidationError(
        _(
            "This phone number has already answered the survey for this organisation "
            "this year. Thank you: each phone answers once."
        ),
        code="answered",
    )


def answer_survey(
    *, organisation, phone: str, q1: int, q2: int, q3: int, comment: str = "", year=None
) -> SurveyAnswer:
    """Record a signed-in resident's answer. Refused (and nothing changes)
    for a closed organisation, a year not open, a level off the scale, or a
    phone that has answered already, even two submits at the same moment
    (the unique constraint decides)."""
    year = survey_year() if year is None else year
    if (why := refusal(organisation, year)) is not None:
        raise why
    levels = {"q1": q1, "q2": q2, "q3": q3}
    wrong = {k: _("Choose one of the five answers.") for k, v in levels.items() if v not in Level}
    if wrong:
        raise ValidationError(wrong)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_LENGTH:
        raise ValidationError(
            {"comment": _("Keep the comment to %(n)s characters.") % {"n": COMMENT_LENGTH}}
        )
    key = digest(phone)
    if SurveyAnswer.objects.filter(organisation=organisation, year=year, phone_digest=key).exists():
        raise _answered_error()
    try:
        with transaction.atomic():
            return SurveyAnswer.objects.create(
                organisation=organisation,
                year=year,
                phone_digest=key,
                comment=comment,
                **{k: int(v) for k, v in levels.items()},
            )
    except IntegrityError:
        raise _answered_error() from None


def record_paper(*, organisation, year: int, forms: int, average, reason: str, by) -> PaperSurvey:
    """A batch of paper forms, entered by the community in the admin."""
    paper = PaperSurvey(
        organisation=organisation,
        year=year,
        forms=forms,
        average=average,
        reason=reason,
        recorded_by=by,
    )
    paper.full_clean()
    paper.save()
    return paper
