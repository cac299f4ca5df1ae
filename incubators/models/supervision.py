"""督办单: the district supervises a platform that lags on its task list (the
last document of the quarterly checklist cycle, see `checklists.py`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from orgs.scoping import ScopedQuerySet

from .checklists import Task, TaskList


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("Awaiting answer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class SupervisionOrderQuerySet(ScopedQuerySet):
    area_path = "platform__area__code"
    organisation_path = "platform__operator"

    def open(self):
        return self.filter(status=SupervisionStatus.OPEN)


class SupervisionOrder(models.Model):
    task_list = models.ForeignKey(
        TaskList,
        verbose_name=_("task list"),
        on_delete=models.PROTECT,
        related_name="supervision_orders",
    )
    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="supervision_orders",
    )
    tasks = models.ManyToManyField(
        Task, verbose_name=_("lagging tasks"), related_name="supervision_orders"
    )
    reason = models.TextField(_("reason"), max_length=TEXT)
    answer_due_on = models.DateField(_("answer due on"))
    status = models.CharField(
        _("order status"),
        max_length=10,
        choices=SupervisionStatus.choices,
        default=SupervisionStatus.OPEN,
        editable=False,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("Empty when the platform's own check issued it."),
    )
    issued_at = StampedAt(_("issued at"), auto_now_add=True)
    response = models.TextField(_("answer"), blank=True, editable=False, max_length=TEXT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[tasks])
    objects = SupervisionOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders (督办单)")
        ordering = ["-issued_at"]
        constraints = [
            # One order per platform and task list: rerunning the check adds none.
            models.UniqueConstraint(
                fields=["task_list", "platform"], name="supervision_once_per_list"
            )
        ]

    def __str__(self):
        return f"{self.platform} · {self.task_list}"
