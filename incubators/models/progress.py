"""进度单: each street platform reports progress on its task list, with proof
(the third document of the quarterly checklist cycle, see `checklists.py`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from lib.uploads import RandomName, ServedFileField, check_document, private_storage
from orgs.scoping import ScopedQuerySet

from .checklists import Task, TaskList


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
        _("report status"),
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
    uploaded_at = StampedAt(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.caption or self.file.name
