"""Admin inlines for an activity's record and photos, for the activity's
admin (activities.admin) to list in its `inlines`. Minutes, attendance and
photos are recorded on the organiser's page (activities.meeting_views),
where each upload is checked and each change goes through
activities.meetings; the admin shows them, and staff publish photos there
with the action below."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from lib import clock

from .meeting_models import MeetingPhoto, MeetingRecord


class MeetingRecordInline(admin.StackedInline):
    model = MeetingRecord
    fields = ["headcount", "recorded_by", "recorded_at", "drafted_project"]
    readonly_fields = ["recorded_by", "recorded_at", "drafted_project"]
    can_delete = False
    max_num = 1


class MeetingPhotoInline(admin.TabularInline):
    model = MeetingPhoto
    fields = ["image", "caption", "uploaded_by", "published_at", "published_by"]
    readonly_fields = ["image", "uploaded_by", "published_at", "published_by"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # uploaded on the organiser's page, where the file is checked


@admin.action(description=gettext_lazy("Publish the photos of the selected activities"))
def publish_photos(modeladmin, request, queryset):
    """For the activity admin's `actions`: publish every private photo of
    the chosen (published) activities; the queryset is already scoped."""
    MeetingPhoto.objects.filter(
        activity__in=queryset.filter(status="published"), published_at__isnull=True
    ).update(published_at=clock.now(), published_by=request.user)
