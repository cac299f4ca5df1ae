"""The residents' assessment (群众评): what residents answer online, one
answer per verified phone, and the paper forms the community counts offline.

The annual rollup pools both into the residents' part of the year's
assessment (see assessments.rules.residents_part); below the minimum number
of answers the part is not assessed.

The phone is never stored: an answer keeps a keyed digest of it
(lib.digests), enough to refuse a second answer from the same phone.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from orgs.scoping import ScopedQuerySet

from ..rules import tenth

# The digests' purpose (lib.digests): a survey digest matches nothing else.
DIGEST_PURPOSE = "assessments.survey"
COMMENT_LENGTH = 200


class Level(models.IntegerChoices):
    """The five levels of every question, each with its score out of 100."""

    VERY_SATISFIED = 100, _("Very satisfied")
    SATISFIED = 75, _("Satisfied")
    NEUTRAL = 50, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 25, _("Dissatisfied")
    VERY_DISSATISFIED = 0, _("Very dissatisfied")


# The three questions, in order: (field, question).
QUESTIONS = (
    ("q1", _("How satisfied are you with the organisation's services overall?")),
    ("q2", _("Did its services meet your needs?")),
    ("q3", _("Would you take part again, or recommend it to a neighbour?")),
)


def level_field(verbose_name):
    return models.PositiveSmallIntegerField(verbose_name, choices=Level.choices)


class SurveyQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"


class SurveyAnswer(models.Model):
    """One resident's answer for one organisation and year."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="survey_answers",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Personal data, kept only as a keyed digest (lib.digests.phone_digest).
    phone_digest = models.CharField(_("phone digest"), max_length=64, editable=False)
    q1 = level_field(_("overall satisfaction"))
    q2 = level_field(_("needs met"))
    q3 = level_field(_("would take part again"))
    # Personal data: free text a resident typed.
    comment = models.CharField(_("comment"), max_length=COMMENT_LENGTH, blank=True)
    answered_at = StampedAt(_("answered at"), auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers (群众评)")
        ordering = ["-answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "phone_digest"],
                name="survey_answer_once_per_phone",
                violation_error_message=_(
                    "This phone has already answered the survey for this organisation this year."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year} #{self.pk}"

    @property
    def score(self) -> Decimal:
        """The mean of the three questions' scores, to one decimal."""
        return tenth(Decimal(self.q1 + self.q2 + self.q3) / 3)


class PaperSurvey(models.Model):
    """A batch of paper forms the community collected offline, entered as
    their number and their average score, with the reason they were on paper."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="paper_surveys",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    forms = models.PositiveSmallIntegerField(
        _("forms"),
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_("How many paper forms this batch holds."),
    )
    average = models.DecimalField(
        _("average score"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The forms' average score out of 100, to one decimal."),
    )
    reason = models.CharField(
        pgettext_lazy("paper survey", "why on paper"),
        max_length=200,
        help_text=_("Why these answers were collected on paper (e.g. elderly residents)."),
    )
    # Null only for the rows carried over from before the survey went online.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = StampedAt(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("paper survey")
        verbose_name_plural = _("paper surveys (群众评纸质问卷)")
        ordering = ["-year", "organisation_id", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(forms__gte=1, average__gte=0, average__lte=100),
                name="paper_survey_forms_and_average",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}: {self.forms} × {self.average}"
