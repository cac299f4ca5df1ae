"""The working calendar: Monday to Friday, except the days listed here
(public holidays, and the weekend days made working days, 调休)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(
        _("working day"),
        help_text=_("Off for a public holiday; on for a weekend day worked in exchange (调休)."),
    )
    name = models.CharField(
        _("holiday name"), max_length=40, blank=True, help_text=_("e.g. 国庆节, 国庆节调休")
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holidays and exchanged working days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"
