"""List filters by place, for any model whose rows sit in an area."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from lib.querystring import id_from
from orgs.models import Area, AreaLevel

# Beyond this many choices a filter list helps nobody; search instead.
MAX_CHOICES = 60


def area_filter(level: str, code_path: str, title=None):
    """A filter listing the areas of `level` in the user's jurisdiction and
    keeping the rows whose `code_path` (a lookup to an Area code) is under
    the chosen one: `area_filter("street", "area__code")`."""

    class AreaFilter(admin.SimpleListFilter):
        parameter_name = level
        template = "admin/filter.html"

        def lookups(self, request, model_admin):
            areas = Area.objects.for_user(request.user).filter(level=level).select_related("parent")
            areas = list(areas[: MAX_CHOICES + 1])
            if len(areas) > MAX_CHOICES or len(areas) < 2:
                return []  # nothing to choose between, or too much to list
            return [(area.pk, area.name) for area in areas]

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            area_id = id_from(self.value())
            if area_id is None:  # as Django's own filters answer a value not theirs
                raise IncorrectLookupParameters
            area = Area.objects.for_user(request.user).filter(pk=area_id).first()
            return (
                queryset.filter(**{f"{code_path}__startswith": area.code})
                if area
                else queryset.none()
            )

    AreaFilter.title = title or AreaLevel(level).label
    AreaFilter.__name__ = f"{level.title()}Filter"
    return AreaFilter


def street_filter(code_path: str):
    return area_filter(AreaLevel.STREET, code_path, _("street / town"))


def community_filter(code_path: str):
    return area_filter(AreaLevel.COMMUNITY, code_path, _("community / village"))
