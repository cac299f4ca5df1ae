"""What every ledger import shares: name lookups within the importer's
jurisdiction, widgets, the report, and the resource whose rules check a row
(the run itself is orgs.importing.engine)."""

import functools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from lib.spreadsheets import cells
from orgs.models import Area, AreaLevel, Category


def name_key(value) -> str:
    """Names compared the way people mean them: width and spaces do not count."""
    return unicodedata.normalize("NFKC", cells.text(value)).replace(" ", "")


def remembered(method):
    """A lookup of an index answered once per distinct question within an
    import (a 20,000-row file names a few hundred communities), refusals
    included."""

    @functools.wraps(method)
    def lookup(self, *args):
        memo = self.__dict__.setdefault("_memo", {})
        key = (method.__name__, *args)
        if key not in memo:
            try:
                memo[key] = (True, method(self, *args))
            except ValueError as refusal:
                memo[key] = (False, refusal)
        found, answer = memo[key]
        if not found:
            raise ValueError(*answer.args)
        return answer

    return lookup


class AreaIndex:
    """Streets and communities by name, as one user may import into them."""

    def __init__(self, user):
        self.streets, self.communities = defaultdict(list), defaultdict(list)
        visible = Area.objects.for_user(user).filter(
            level__in=[AreaLevel.STREET, AreaLevel.COMMUNITY]
        )
        for area in visible.select_related("parent"):
            table = self.streets if area.level == AreaLevel.STREET else self.communities
            table[name_key(area.name)].append(area)
        self.visible_ids = {
            a.pk for areas in (*self.streets.values(), *self.communities.values()) for a in areas
        }

    @remembered
    def community(self, name, street_name=None) -> Area:
        candidates = self.communities.get(name_key(name), [])
        if street_name:
            candidates = [a for a in candidates if name_key(a.parent.name) == name_key(street_name)]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise ValueError(
                _("Several communities are called “%(name)s”: fill in the street column too.")
                % {"name": name}
            )
        if Area.objects.filter(name=cells.text(name), level=AreaLevel.COMMUNITY).exists():
            raise ValueError(_("“%(name)s” is not in your jurisdiction.") % {"name": name})
        if street_name:
            raise ValueError(
                _("There is no community “%(name)s” in “%(street)s”.")
                % {"name": name, "street": street_name}
            )
        raise ValueError(_("There is no community called “%(name)s”.") % {"name": name})

    @remembered
    def street(self, name) -> Area:
        candidates = self.streets.get(name_key(name), [])
        if len(candidates) == 1:
            return candidates[0]
        if Area.objects.filter(name=cells.text(name), level=AreaLevel.STREET).exists():
            raise ValueError(_("“%(name)s” is not in your jurisdiction.") % {"name": name})
        raise ValueError(_("There is no street or town called “%(name)s”.") % {"name": name})


class CategoryIndex:
    def __init__(self):
        self.classes, self.subclasses = {}, defaultdict(list)
        for category in Category.objects.filter(is_active=True).select_related("parent"):
            if category.parent_id:
                self.subclasses[name_key(category.name)].append(category)
            else:
                self.classes[name_key(category.name)] = category

    @remembered
    def resolve(self, name, class_name=None) -> Category:
        if not name and class_name:
            name, class_name = class_name, None
        candidates = self.subclasses.get(name_key(name), [])
        if class_name:
            candidates = [c for c in candidates if name_key(c.parent.name) == name_key(class_name)]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates and not class_name and name_key(name) in self.classes:
            return self.classes[name_key(name)]
        if len(candidates) > 1:
            raise ValueError(
                _("Give the class of “%(name)s” too: several classes have it.") % {"name": name}
            )
        raise ValueError(
            _("“%(name)s” is not a category of this platform; see the instructions sheet.")
            % {"name": name}
        )


class ParsingWidget(widgets.Widget):
    """A widget that parses with one of `cells`' functions; blank means "keep"."""

    def __init__(self, parse, **kwargs):
        super().__init__(**kwargs)
        self.parse = parse

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        return self.parse(value)


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = cells.text(value)
        return value or None


@dataclass
class Problem:
    line: int | None
    column: str
    message: str


@dataclass
class ImportReport:
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        """For the import job's row (JSON), read back by from_dict."""
        return {
            **{k: getattr(self, k) for k in ("total", "new", "updated", "unchanged", "committed")},
            "ignored_headers": self.ignored_headers,
            "problems": [[p.line, p.column, p.message] for p in self.problems],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        problems = [Problem(*problem) for problem in data.get("problems", [])]
        return cls(**{**data, "problems": problems})


def column(name: str, widget) -> fields.Field:
    """A ledger column read into the model field of the same name; an empty
    cell is never written over a value."""
    return fields.Field(attribute=name, column_name=name, widget=widget, saves_null_values=False)


class LedgerResource(resources.ModelResource):
    """A resource whose rows carry their line in the file, and which checks
    duplicates inside the file before the database ever sees them."""

    #: field attribute -> ledger column key, where they differ
    column_for_attribute: dict[str, str] = {}

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        self.current_line = None
        self._import_fields = None

    def before_import_row(self, row, **kwargs):
        self.current_line = row.get("line")

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user

    def get_import_fields(self):
        # Asked for every row; the answer never changes within an import.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def prepare(self, rows: list[dict]) -> None:
        """Read, once, what the rows will be checked against (before the first)."""

    def write_related(self, plan) -> None:
        """Write what the rows carry besides their own model (memberships...),
        in bulk, after the rows themselves; inside the write's transaction."""
