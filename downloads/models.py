"""The download centre: big exports are built in the background, kept for a
few days in private storage, and fetched only by the person who asked."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lib.uploads import private_storage


class DownloadStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", pgettext_lazy("download", "Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", pgettext_lazy("download", "Failed")


class Download(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    kind = models.CharField(_("ledger"), max_length=40)
    title = models.CharField(_("title"), max_length=120)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    fmt = models.CharField(_("format"), max_length=4, default="xlsx")
    status = models.CharField(
        _("download status"),
        max_length=8,
        choices=DownloadStatus.choices,
        default=DownloadStatus.QUEUED,
    )
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="downloads/%Y/%m/", blank=True
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        # The table it had in orgs, where it was born: the move was a change
        # of address in the code only (migrations 0001 here, orgs 0013).
        db_table = "orgs_download"
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="download_owner_recent")]

    def __str__(self):
        return self.title

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.status in (DownloadStatus.QUEUED, DownloadStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == DownloadStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
