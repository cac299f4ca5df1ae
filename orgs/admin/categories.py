"""The category tree in the admin, and the organisation list's filter by
category class (a top-level category and the categories under it)."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.utils.translation import gettext_lazy

from lib.querystring import id_from
from orgs.models import Category


class CategoryClassFilter(admin.SimpleListFilter):
    title = gettext_lazy("category class")
    parameter_name = "class"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in Category.objects.filter(parent__isnull=True)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        chosen = id_from(self.value())
        if chosen is None:  # as Django's own filters answer a value not theirs
            raise IncorrectLookupParameters
        return queryset.filter(Q(category__parent_id=chosen) | Q(category_id=chosen))


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "is_active"]
    list_filter = ["is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "parent__name"]
    list_select_related = ["parent"]
    ordering = ["parent__position", "position"]
