"""Ledger imports run in the background (orgs.importing.jobs): who sent which
file, where it waits in the private storage, how far the check or the write
has come, and the report that waits for the officer when they come back."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportState(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked: waiting for your confirmation")
    REJECTED = "rejected", _("Problems found: nothing imported")
    WRITING = "writing", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", pgettext_lazy("import", "Failed")


PENDING_IMPORT_STATES = (ImportState.CHECKING, ImportState.WRITING)
NOT_QUEUED = "not queued: the task broker could not be reached"


class ImportJob(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    kind = models.CharField(_("ledger"), max_length=20)  # a key of orgs.importing.jobs.IMPORTERS
    filename = models.CharField(_("file name"), max_length=200)
    language = models.CharField(_("language"), max_length=10, blank=True)  # of the report
    # The staged file's name in the private storage (orgs.importing.staging),
    # so a worker on any machine reads it; emptied once it is no longer needed.
    staged = models.CharField(_("staged file"), max_length=200, blank=True)
    state = models.CharField(
        _("import state"), max_length=10, choices=ImportState.choices, default=ImportState.CHECKING
    )
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "kind", "-created_at"], name="import_owner_recent")
        ]

    def __str__(self):
        return self.filename

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_IMPORT_STATES

    @property
    def was_not_queued(self) -> bool:
        return self.error == NOT_QUEUED

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
