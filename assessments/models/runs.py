"""A record of each rollup: what ran, for which period, when, and what it did."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly rollup")
    QUARTERLY = "quarterly", _("Quarterly rollup")
    ANNUAL = "annual", _("Annual rollup")


class RollupRun(models.Model):
    """One row per kind and period. A rerun updates the same row: `runs`
    counts how often it ran, `finished_at` is empty while it runs (or if a
    worker died mid-run: the work itself is one transaction, so nothing
    half-done is left behind, and the next run does it all)."""

    kind = models.CharField(_("kind"), max_length=10, choices=RollupKind.choices)
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
