"""What a held activity or meeting leaves behind, beyond its sign-in records:
the record of the meeting (who wrote the minutes, a headcount when names were
not taken, the needs a 书记沙龙 discussed and the project it drafted) and its
photos, private until staff of its jurisdiction publish them.

Imported by activities.models; the minutes and outcomes themselves are
fields of `Activity`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.fields import StampedAt
from lib.uploads import RandomName, ServedImageField, check_photo, private_storage
from orgs.scoping import ScopedQuerySet


class MeetingRecord(models.Model):
    """One per held activity: written by its organiser (activities.meetings)."""

    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("activity"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="record",
    )
    headcount = models.PositiveIntegerField(
        _("headcount"),
        default=0,
        help_text=_("People present, when attendees were not listed by name."),
    )
    needs = models.ManyToManyField(
        "projects.Need",
        verbose_name=_("residents' needs discussed"),
        blank=True,
        related_name="discussed_at",
    )
    drafted_project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project drafted"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafted_at",
        help_text=_("The draft project this salon made of the needs it discussed (社区制单)."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("minutes recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")

    def __str__(self):
        return str(self.activity)


class MeetingPhotoQuerySet(ScopedQuerySet):
    area_path = "activity__area__code"
    organisation_path = "activity__organisation"

    def published(self):
        return self.filter(published_at__isnull=False)


class MeetingPhoto(models.Model):
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    # Faces of residents show: private, fetched only by those who may see
    # the activity, until staff publish the photo (activities.meeting_views).
    image = ServedImageField(
        _("photo"),
        upload_to=RandomName("activities/photos"),
        storage=private_storage,
        validators=[check_photo],
        served_as="meeting-photo",
        scope_through="activity",
    )
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = StampedAt(_("uploaded at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = MeetingPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.caption or self.image.name
