"""The territory tree: city → district → street/town → community/village.

Each area's `code` is its official statistical division code (GB/T 2260
and the national statistical codes) cut to its significant digits:

    city        4101          郑州市
    district    410108        惠济区
    street      410108001     新城街道
    community   410108001001  某某社区

so a code is the prefix of every code under it and "everything under this
area" is `code__startswith=area.code`, one query on an indexed column (on
PostgreSQL Django adds a `varchar_pattern_ops` index for LIKE prefixes). The
full 12-digit official code is `official_code`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.geo import CrsField, LatitudeField, LongitudeField
from orgs.scoping import ScopedQuerySet

# The check constraint below compares code lengths through `code__length`.
models.CharField.register_lookup(Length)


class AreaLevel(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District / county")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")


CODE_LENGTHS = {
    AreaLevel.CITY: 4,
    AreaLevel.DISTRICT: 6,
    AreaLevel.STREET: 9,
    AreaLevel.COMMUNITY: 12,
}
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}
PARENT_LEVEL = {
    AreaLevel.DISTRICT: AreaLevel.CITY,
    AreaLevel.STREET: AreaLevel.DISTRICT,
    AreaLevel.COMMUNITY: AreaLevel.STREET,
}


def level_for_code(code: str) -> str | None:
    return LEVEL_BY_LENGTH.get(len(code))


def significant_code(code: str) -> str:
    """Accept a full 12-digit official code too: '410108001000' -> '410108001'."""
    code = code.strip()
    if len(code) == 12:
        for length in (4, 6, 9):
            if not code[length:].strip("0"):
                return code[:length]
    return code


class AreaQuerySet(ScopedQuerySet):
    area_path = "code"

    def under(self, area, *, include_self: bool = True) -> "AreaQuerySet":
        qs = self.filter(code__startswith=area.code)
        return qs if include_self else qs.exclude(pk=area.pk)

    def ancestors_of(self, area) -> "AreaQuerySet":
        prefixes = [area.code[:n] for n in CODE_LENGTHS.values() if n < len(area.code)]
        return self.filter(code__in=prefixes)

    def communities(self) -> "AreaQuerySet":
        return self.filter(level=AreaLevel.COMMUNITY)

    def streets(self) -> "AreaQuerySet":
        return self.filter(level=AreaLevel.STREET)


code_validator = RegexValidator(r"^\d+$", _("An area code is made of digits only."))


class CommunityType(models.Model):
    """A kind of community that calls for its own approach (一社一策,
    Tianyuan): 城市社区, 新建社区, 老旧小区, 村改居. Data, so an office can add
    its own."""

    name = models.CharField(_("community type"), max_length=40, unique=True)
    approach = models.TextField(
        _("governance approach"),
        blank=True,
        max_length=2000,
        help_text=_("How communities of this type are governed, e.g. 三长共治 for 老旧小区."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("community type")
        verbose_name_plural = _("community types")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Area(models.Model):
    code = models.CharField(
        _("division code"),
        max_length=12,
        unique=True,
        validators=[code_validator],
        help_text=_(
            "The official statistical division code, significant digits only: "
            "4 for a city, 6 for a district, 9 for a street or town, 12 for a "
            "community or village."
        ),
    )
    name = models.CharField(_("area name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_rural = models.BooleanField(
        _("rural"),
        default=False,
        help_text=_("A town (镇/乡) or a village (村) rather than a street or urban community."),
    )
    # Where the public map puts what it may not place exactly (an organisation
    # meeting at a home), and where an area's map opens.
    centre_latitude = LatitudeField(_("centre latitude"))
    centre_longitude = LongitudeField(_("centre longitude"))
    centre_crs = CrsField()
    community_type = models.ForeignKey(
        CommunityType,
        verbose_name=_("community type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communities",
        help_text=_("For a community or village only."),
    )

    history = HistoricalRecords()
    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="area_code_length_matches_level",
                condition=(
                    Q(level=AreaLevel.CITY, code__length=4)
                    | Q(level=AreaLevel.DISTRICT, code__length=6)
                    | Q(level=AreaLevel.STREET, code__length=9)
                    | Q(level=AreaLevel.COMMUNITY, code__length=12)
                ),
            ),
            models.CheckConstraint(
                name="area_only_cities_are_roots",
                condition=Q(level=AreaLevel.CITY, parent__isnull=True)
                | (~Q(level=AreaLevel.CITY) & Q(parent__isnull=False)),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def official_code(self) -> str:
        """The 12-digit national statistical division code."""
        return self.code.ljust(12, "0")

    @property
    def label_with_parents(self) -> str:
        return f"{self.parent.name} {self.name}" if self.parent_id else self.name

    def clean(self):
        """Derive the level from the code and check the code sits under its parent."""
        super().clean()
        self.code = significant_code(self.code or "")
        self.level = level_for_code(self.code or "") or ""
        if not self.level:
            raise ValidationError(
                {"code": _("A code has 4, 6, 9 or 12 digits (city, district, street, community).")}
            )
        expected_parent = PARENT_LEVEL.get(self.level)
        if expected_parent is None:
            if self.parent_id:
                raise ValidationError({"parent": _("A city has no parent area.")})
            return
        if self.parent is None:
            raise ValidationError({"parent": _("Choose the area this one belongs to.")})
        if self.parent.level != expected_parent or not self.code.startswith(self.parent.code):
            raise ValidationError(
                {
                    "code": _("The code %(code)s does not sit under %(parent)s (%(parent_code)s).")
                    % {"code": self.code, "parent": self.parent, "parent_code": self.parent.code}
                }
            )
