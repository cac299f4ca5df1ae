"""The groups served (服务对象) in the admin, and the filter by group the
lists of needs and projects use (a broad group and the ones under it)."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy

from lib.querystring import id_from
from orgs.models import ServedGroup, serving


class ServedGroupFilter(admin.SimpleListFilter):
    """By group served, for a model with `groups`: choosing a broad group
    lists what serves it or any of its narrower groups."""

    title = gettext_lazy("group served")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [(g.pk, str(g)) for g in ServedGroup.objects.for_choices()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        chosen = id_from(self.value())
        if chosen is None:  # as Django's own filters answer a value not theirs
            raise IncorrectLookupParameters
        return serving(queryset, chosen)


@admin.register(ServedGroup)
class ServedGroupAdmin(admin.ModelAdmin):
    """Shown as "老年人 / 高龄老人" wherever one is chosen (autocomplete and
    lists); only the platform administrator edits the list, as the categories."""

    list_display = ["__str__", "position", "is_active"]
    list_filter = ["is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "parent__name"]
    list_select_related = ["parent"]
    ordering = ["parent__position", "position"]
    autocomplete_fields = ["parent"]
