"""The library and the conventions in the workbench: community workers
write drafts and keep their community's conventions; street officers and
district staff also publish and withdraw (stories.services), each within
their jurisdiction."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgs.admin.mixins import ScopedAdmin
from orgs.models import AreaLevel, CommunityType

from . import services
from .models import Convention, Story, StoryStatus


@admin.register(Story)
class StoryAdmin(ScopedAdmin):
    list_display = ["title", "kind", "area", "status", "published_at", "submitted_by_organisation"]
    list_filter = ["kind", "status"]
    list_select_related = ["area", "submitted_by_organisation"]
    search_fields = ["title"]
    autocomplete_fields = ["area", "organisations", "projects"]
    fields = [
        "kind",
        "title",
        "summary",
        "body",
        "area",
        "organisations",
        "projects",
        "cover",
        "cover_caption",
        "status",
        "published_at",
        "published_by",
        "submitted_by_organisation",
        "author",
    ]
    readonly_fields = [
        "status",
        "published_at",
        "published_by",
        "submitted_by_organisation",
        "author",
    ]
    actions = ["publish_selected", "withdraw_selected"]
    ordering = ["-created_at", "-id"]

    def get_readonly_fields(self, request, obj=None):
        # What is public is changed by those who publish it: a community
        # worker reads a published story, and writes a new draft instead.
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH)

    @admin.action(description=_("Publish the selected stories"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.run_each(
            request,
            queryset.exclude(status=StoryStatus.PUBLISHED),
            lambda story: services.publish(story=story, by=request.user),
            success=lambda story: gettext("Published: %(title)s") % {"title": story.title},
        )

    @admin.action(description=_("Withdraw the selected stories"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.run_each(
            request,
            queryset.filter(status=StoryStatus.PUBLISHED),
            lambda story: services.withdraw(story=story, by=request.user),
            success=lambda story: gettext("Withdrawn: %(title)s") % {"title": story.title},
        )


@admin.register(Convention)
class ConventionAdmin(ScopedAdmin):
    list_display = ["title", "community", "adopted_on", "adopted_by", "in_force"]
    list_filter = ["in_force", "adopted_by"]
    list_select_related = ["community"]
    search_fields = ["title"]
    fields = [
        "community",
        "title",
        "text",
        "adopted_on",
        "adopted_by",
        "adoption_note",
        "in_force",
        "notes",
    ]
    ordering = ["community__code", "-adopted_on"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "community":
            field.queryset = field.queryset.filter(level=AreaLevel.COMMUNITY)
        return field


@admin.register(CommunityType)
class CommunityTypeAdmin(admin.ModelAdmin):
    """The kinds of community (一社一策, Tianyuan's four ship as data), each
    with its governance approach, shown on its communities' public pages.
    Registered here, with the library, though the model is the root's."""

    list_display = ["name", "approach", "position"]
    search_fields = ["name"]
    ordering = ["position", "id"]
