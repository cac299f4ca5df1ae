"""The quarterly checklist cycle (清单化推进, Huiji):

    计划单  the district platform plans the quarter          QuarterPlan + PlanItem
    任务清单 the district committee issues tasks to streets    TaskList + Task
    进度单  each street platform reports progress, with proof  ProgressReport + ProgressEntry + Evidence
    督办单  the district supervises a platform that lags       SupervisionOrder

Each is a document with items and a state; state changes go through
`incubators.services.checklists`. The first two live here, the progress
report in `progress.py`, the supervision order in `supervision.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from lib.periods import Quarter
from orgs.scoping import ScopedQuerySet


class QuarterField(models.PositiveSmallIntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("quarter"))
        kwargs.setdefault("choices", [(n, n) for n in range(1, 5)])
        super().__init__(*args, **kwargs)


class QuarterMixin(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = QuarterField()

    class Meta:
        abstract = True

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


# --- 计划单 -------------------------------------------------------------------


class QuarterPlanQuerySet(ScopedQuerySet):
    area_path = "platform__area__code"
    organisation_path = "platform__operator"


class QuarterPlan(QuarterMixin):
    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("district platform"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn up by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = StampedAt(_("drawn up at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = QuarterPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarter plan")
        verbose_name_plural = _("quarter plans (计划单)")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "year", "quarter"], name="plan_once_per_quarter"
            )
        ]

    def __str__(self):
        return f"{self.platform} {self.period}"


class PlanItem(models.Model):
    plan = models.ForeignKey(
        QuarterPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    title = models.CharField(_("item"), max_length=120)
    detail = models.TextField(_("detail"), blank=True, max_length=TEXT)
    due_on = models.DateField(_("due on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title


# --- 任务清单 -----------------------------------------------------------------


class TaskListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class TaskListQuerySet(ScopedQuerySet):
    area_path = "district__code"


class TaskList(QuarterMixin):
    district = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="task_lists",
        limit_choices_to={"level": "district"},
    )
    plan = models.ForeignKey(
        QuarterPlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_lists",
    )
    title = models.CharField(_("title"), max_length=120)
    recipients = models.ManyToManyField(
        "incubators.Platform",
        verbose_name=_("platforms it goes to"),
        related_name="task_lists",
        help_text=_("Leave empty to send it to every street platform of the district."),
        blank=True,
    )
    status = models.CharField(
        _("task list status"),
        max_length=8,
        choices=TaskListStatus.choices,
        default=TaskListStatus.DRAFT,
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
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[recipients])
    objects = TaskListQuerySet.as_manager()

    class Meta:
        verbose_name = _("task list")
        verbose_name_plural = _("task lists (任务清单)")
        ordering = ["-year", "-quarter", "-id"]

    def __str__(self):
        return f"{self.title}（{self.period}）"


class Task(models.Model):
    task_list = models.ForeignKey(
        TaskList, verbose_name=_("task list"), on_delete=models.CASCADE, related_name="tasks"
    )
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    title = models.CharField(_("task"), max_length=120)
    detail = models.TextField(_("detail"), blank=True, max_length=TEXT)
    due_on = models.DateField(_("due on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title
