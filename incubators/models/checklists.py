"""The quarterly checklist cycle (清单化推进, Huiji):

    计划单  the district platform plans the quarter          QuarterPlan + PlanItem
    任务清单 the district committee issues tasks to streets    TaskList + Task
    进度单  each street platform reports progress, with proof  ProgressReport + ProgressEntry + Evidence
    督办单  the district supervises a platform that lags       SupervisionOrder

Each is a document with items and a state; state changes go through
`incubators.services.checklists`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.limits import TEXT
from lib.periods import Quarter
from lib.uploads import RandomName, ServedFileField, check_document, private_storage
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
    created_at = models.DateTimeField(_("drawn up at"), auto_now_add=True)

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
        _("status"),
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


# --- 进度单 -------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ProgressReportQuerySet(ScopedQuerySet):
    area_path = "platform__area__code"
    organisation_path = "platform__operator"


class ProgressReport(models.Model):
    task_list = models.ForeignKey(
        TaskList,
        verbose_name=_("task list"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports (进度单)")
        ordering = ["-task_list__year", "-task_list__quarter", "platform_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_list", "platform"], name="progress_once_per_platform"
            )
        ]

    def __str__(self):
        return f"{self.platform} · {self.task_list}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ProgressEntry(models.Model):
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="progress"
    )
    status = models.CharField(
        _("progress"),
        max_length=12,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("what was done"), blank=True, max_length=TEXT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["task__due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="progress_entry_once_per_task"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="progress_done_has_a_date",
                violation_error_message=_("A task marked done needs the date it was done."),
            ),
        ]

    def __str__(self):
        return f"{self.task}: {self.get_status_display()}"


class Evidence(models.Model):
    entry = models.ForeignKey(
        ProgressEntry,
        verbose_name=_("progress entry"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = ServedFileField(
        _("file"),
        upload_to=RandomName("incubators/evidence"),
        storage=private_storage,
        validators=[check_document],
        served_as="evidence",
        scope_through="entry__report",
        original_name_field="original_name",
    )
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, editable=False, default="", db_default=""
    )
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.caption or self.file.name


# --- 督办单 -------------------------------------------------------------------


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
        _("status"),
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
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
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
