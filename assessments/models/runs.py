"""A record of each rollup: what ran, for which period, when, and what it did."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.periods import Period, Year


class RollupKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly rollup")
    QUARTERLY = "quarterly", _("Quarterly rollup")
    ANNUAL = "annual", _("Annual rollup")


# What a rollup's counts mean, in the words of the officer reading the run.
WHAT_CHANGED = {
    "locked": _("monthly scores closed"),
    "interviews_raised": _("interview reminders raised"),
    "rectified": _("organisations that rectified"),
    "ordered_out": _("organisations ordered to leave their platform"),
    "platforms": _("platform quarters computed"),
    "assessed": _("annual assessments computed"),
    "rated": _("organisations given a star rating"),
    "platforms_graded": _("platforms graded"),
    "indicators": _("district indicators computed"),
}


class RollupRun(models.Model):
    """One row per kind and period. A rerun updates the same row: `runs`
    counts how often it ran, `finished_at` is empty while it runs (or if a
    worker died mid-run: the work itself is one transaction, so nothing
    half-done is left behind, and the next run does it all)."""

    kind = models.CharField(_("rollup"), max_length=10, choices=RollupKind.choices)
    period = models.CharField(_("period"), max_length=10, help_text=_("2026-10, 2026-Q3 or 2026"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("times run"), default=0)
    counts = models.JSONField(_("what it did"), default=dict, blank=True)

    class Meta:
        verbose_name = _("rollup run")
        verbose_name_plural = _("rollup runs")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period"], name="rollup_run_once_per_period")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}"

    @property
    def period_label(self) -> str:
        """'2026-10' as 2026年10月, '2026-Q3' as 2026年第3季度."""
        try:
            period = Period.parse(self.period)
        except ValueError:
            return self.period
        if isinstance(period, Year):
            return str(_("year %(year)s") % {"year": period.year})
        return str(period)

    @property
    def duration(self):
        """How long the last run took; None while it runs."""
        if self.finished_at is None:
            return None
        return self.finished_at - self.started_at

    def what_changed(self) -> list[tuple[str, int]]:
        """The counts as (what, how many), in the order of WHAT_CHANGED; a
        count the platform does not know (from an older version) by its key."""
        counts = self.counts or {}
        known = [(str(label), counts[key]) for key, label in WHAT_CHANGED.items() if key in counts]
        other = [(key, n) for key, n in counts.items() if key not in WHAT_CHANGED]
        return known + other
