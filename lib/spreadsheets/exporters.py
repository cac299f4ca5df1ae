"""The ledgers the download centre can build, registered by the app that
owns each (from its AppConfig.ready(), so the root app imports nothing
uphill). An exporter says who may use it, which rows a user gets (always
through `for_user`), the columns, and how rows are produced (a generator
over one streamed query)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.functional import Promise

from lib.spreadsheets.writer import Column


@dataclass(frozen=True)
class Exporter:
    key: str
    title: str | Promise
    permission: str  # e.g. "orgs.view_organisation"
    columns: Callable[[], list[Column]]
    queryset: Callable[[object], object]  # user -> scoped queryset
    rows: Callable[[object, object], Iterator[list]]  # (queryset, user) -> rows

    def allowed(self, user) -> bool:
        return bool(user and user.is_active and user.has_perm(self.permission))


_registry: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    _registry[exporter.key] = exporter


def get(key: str) -> Exporter | None:
    return _registry.get(key)


def available(user) -> list[Exporter]:
    return [e for e in _registry.values() if e.allowed(user)]
