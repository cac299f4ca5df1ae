"""Generating a city-sized dataset fast: `manage.py city`.

Each app's tables come from its module in devdata/city/ with a `build(city)`
function; they run from the root app up (devdata.city.BUILDERS), as the
demo's builders do, and share what they made through `City`.

Rows are written as plain tuples with their primary keys chosen here, so
later builders can point at them without reading anything back: on
PostgreSQL through COPY, elsewhere (the small city the tests build on
SQLite) through executemany. Everything is drawn from random generators
seeded per section, so the same seed and date give the same city.

The generated rows bypass the models' save() and the services on purpose:
they are history, not workflow. They satisfy every database constraint; the
simple-history tables get no rows for them.
"""

import random
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

# The default city, Wuhan-sized (issue 9): scale 1.0.
DEFAULT_SIZES = {
    "districts": 13,
    "streets": 200,
    "communities": 1400,
    "grids": 7000,
    "organisations": 38000,
    "people": 150000,
    "tickets": 1000000,
    "projects": 5000,
}


def sizes_for(scale: float) -> dict[str, int]:
    """The default sizes times `scale`, keeping at least one of each and at
    least as many streets as districts, communities as streets."""
    sizes = {key: max(1, round(value * scale)) for key, value in DEFAULT_SIZES.items()}
    sizes["streets"] = max(sizes["streets"], sizes["districts"])
    sizes["communities"] = max(sizes["communities"], sizes["streets"])
    sizes["grids"] = max(sizes["grids"], sizes["communities"])
    return sizes


@dataclass
class City:
    seed: int
    today: date
    sizes: dict
    code: str = "4201"
    name: str = "武汉市"
    progress: object = None  # callable(str) for the command's output
    # What the builders share: lists of ids, or of small tuples, by name.
    made: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    @cached_property
    def now(self):
        """When generated rows say they were entered: noon of the city's today."""
        return timezone.make_aware(datetime.combine(self.today, time(12)))

    @property
    def year(self) -> int:
        """The last whole year: the one the monthly scores and stars are for."""
        return self.today.year - 1

    def rng(self, section: str) -> random.Random:
        return random.Random(f"{self.seed}-{section}")

    def say(self, message: str) -> None:
        if self.progress:
            self.progress(message)

    def insert(self, model, fields: list[str], rows) -> range:
        """Write `rows` (tuples in the order of `fields`, without the primary
        key) into the model's table; returns the ids they were given.

        Every other concrete field takes its default (auto_now fields: now),
        so a builder names only what it sets."""
        started = clock.monotonic()
        meta = model._meta
        pk = meta.pk
        named = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f is not pk and f.name not in fields]
        now = timezone.now()
        tail = tuple(now if _is_auto_now(f) else f.get_default() for f in rest)
        columns = [pk.column, *(f.column for f in named), *(f.column for f in rest)]
        converters = [_converter(f) for f in [pk, *named, *rest]]
        first = self._next_id(model)
        count = 0

        def full_rows():
            nonlocal count
            for count, row in enumerate(rows, start=1):
                yield (first + count - 1, *row, *tail)

        if connection.vendor == "postgresql":
            _copy(meta.db_table, columns, full_rows(), converters)
        else:
            _executemany(meta.db_table, columns, full_rows(), converters)
        self.counts[meta.label] = self.counts.get(meta.label, 0) + count
        self.say(f"  {meta.label}: {count:,} ({clock.monotonic() - started:.1f} s)")
        return range(first, first + count)

    def _next_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) "
                f"FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            (highest,) = cursor.fetchone()
        return (highest or 0) + 1

    def reset_sequences(self, models_written) -> None:
        """After writing ids ourselves, move PostgreSQL's sequences past them."""
        statements = connection.ops.sequence_reset_sql(no_style(), models_written)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _is_auto_now(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _converter(field):
    """What turns a Python value into what the driver takes; None when the
    driver takes it as it is (psycopg adapts dates, decimals and booleans)."""
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if connection.vendor != "postgresql" and isinstance(
        field, models.DateField | models.DecimalField | models.TimeField
    ):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _converted(rows, converters):
    active = [(i, convert) for i, convert in enumerate(converters) if convert]
    if not active:
        yield from rows
        return
    for row in rows:
        row = list(row)
        for i, convert in active:
            if row[i] is not None:
                row[i] = convert(row[i])
        yield row


def _copy(table, columns, rows, converters):
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in _converted(rows, converters):
            copy.write_row(row)


def _executemany(table, columns, rows, converters, batch=5000):
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    chunk = []
    with connection.cursor() as cursor:
        for row in _converted(rows, converters):
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk.clear()
        if chunk:
            cursor.executemany(sql, chunk)
