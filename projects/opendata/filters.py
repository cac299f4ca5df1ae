"""The filters every open-data list takes: an area code, a round, a year.
A value that is not one is refused with a translated message (400), never
ignored: a caller who mistyped must not take the whole list for the answer."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lib.querystring import id_from
from orgs.models import ServedGroup

from .. import disclosure

BIGGEST_ID = 2**63 - 1


class AreaFilter(serializers.Serializer):
    area = serializers.RegexField(
        r"^\d{2,12}$",
        required=False,
        allow_blank=True,
        help_text=_(
            "An area's code (district, street or community, e.g. 410108001): only what "
            "lies within it."
        ),
        error_messages={"invalid": _("An area code is 2 to 12 digits, e.g. 410108001.")},
    )


class AreaYearFilter(AreaFilter):
    year = serializers.IntegerField(
        required=False,
        min_value=disclosure.FIRST_YEAR,
        max_value=disclosure.LAST_YEAR,
        help_text=_("A year, e.g. 2026."),
    )


class AreaRoundYearFilter(AreaYearFilter):
    round = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=BIGGEST_ID,
        help_text=_("A round's id: only its projects or award notices."),
    )


class ProjectFilter(AreaRoundYearFilter):
    group = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=90,
        help_text=_(
            "A group served, by its name (老年人, or 老年人 / 高龄老人) or its number: only the "
            "projects serving it; a broad group includes its narrower ones."
        ),
    )

    def validate_group(self, value):
        """The group's id, or a translated refusal naming what was asked."""
        if value == "":
            return value
        groups = ServedGroup.objects.select_related("parent")
        found = [g for g in groups if str(g) == value.strip() or g.pk == id_from(value)]
        if not found:  # a narrower group by its own name, when only one is called so
            found = [g for g in groups if g.name == value.strip()]
        if len(found) != 1:
            raise serializers.ValidationError(
                _("No group served is called “%(group)s”; the projects' “groups” give the names.")
                % {"group": value}
            )
        return found[0].pk


def read(filter_class, query_params) -> dict:
    """The filters asked for, or a ValidationError (400) naming the bad one."""
    found = filter_class(data=query_params)
    found.is_valid(raise_exception=True)
    return {key: value for key, value in found.validated_data.items() if value not in ("", None)}


def within(path: str, code: str) -> Q:
    """Rows whose area (at `path`, an area code) lies within the area `code`."""
    return Q(**{f"{path}__startswith": code})
