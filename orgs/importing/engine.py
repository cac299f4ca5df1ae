"""The all-or-nothing ledger import: check every row of the file against the
database, then write everything in bulk, or nothing.

`check` reads the file (the messy-file reader, lib.spreadsheets.reader) and
runs each row through its resource's rules (the field widgets, the model's
validation, duplicates in the file and in the database), without a query per
row and without writing. `write` then inserts and updates in batches, with
their history rows in batches too, in one transaction. `run_import` is the
two together; the background jobs (orgs.importing.jobs) call them apart, so
the write and the job's state change share a transaction.

Every problem goes to the report with its line, the column's heading as the
file wrote it, and the reason.
"""

import logging
from copy import deepcopy
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import audit
from lib.spreadsheets.columns import LedgerField
from lib.spreadsheets.reader import SpreadsheetError, read_sheet

from .base import ImportReport, LedgerResource, Problem

log = logging.getLogger(__name__)
BATCH = 1000  # rows per INSERT or UPDATE statement
PROGRESS_EVERY = 1000  # rows between two progress reports


@dataclass
class Plan:
    """What a checked file would write."""

    created: list = field(default_factory=list)  # new instances, in file order
    updated: list = field(default_factory=list)  # changed instances


def _noop(done, total):
    pass


def check(
    upload, *, resource: LedgerResource, fields: list[LedgerField], progress=_noop
) -> tuple[ImportReport, Plan]:
    """Read and check every row; nothing is written.

    `progress(done, total)` is called every PROGRESS_EVERY rows.
    SpreadsheetError (an unreadable file) propagates for the caller to show.
    """
    sheet = read_sheet(upload, fields)
    if not sheet.rows:
        raise SpreadsheetError(_("The sheet has a header row but no data under it."))
    headings = {f.key: str(f.header) for f in fields} | sheet.headings
    report = ImportReport(total=len(sheet.rows), ignored_headers=sheet.ignored_headers)
    for problem in sheet.problems:
        report.problems.append(
            Problem(problem.line, headings.get(problem.key, problem.key), problem.message)
        )
    # Cells the reader could not take (formulas, error values, control
    # characters...) are blank in the row, so every other cell is still
    # checked and reported; with any of them nothing is written.
    unreadable = {(p.line, p.column) for p in report.problems}
    keys = [f.key for f in fields if f.importable]
    rows = [{"line": line, **{key: values.get(key) for key in keys}} for line, values in sheet.rows]
    resource.prepare(rows)
    loader = resource._meta.instance_loader_class(resource, None)
    plan = Plan()
    progress(0, report.total)
    for done, row in enumerate(rows, start=1):
        line = row["line"]
        try:
            outcome, instance = check_instance(resource, row, loader)
        except ValidationError as invalid:
            for problem in _problems(invalid, line, resource, headings):
                if (problem.line, problem.column) not in unreadable:
                    report.problems.append(problem)
            continue
        if outcome == "new":
            report.new += 1
            plan.created.append(instance)
            if hasattr(loader, "remember"):  # a later row may name it again
                loader.remember(instance)
        elif outcome == "update":
            report.updated += 1
            if instance.pk is not None:  # else: new on an earlier line, written with it
                plan.updated.append(instance)
        else:
            report.unchanged += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, report.total)
    report.problems.sort(key=lambda p: (p.line or 0, p.column))
    return report, plan


def _problems(invalid: ValidationError, line, resource, headings):
    by_attribute = (
        invalid.message_dict
        if hasattr(invalid, "error_dict")
        else {NON_FIELD_ERRORS: invalid.messages}
    )
    for attribute, messages in by_attribute.items():
        key = resource.column_for_attribute.get(attribute, attribute)
        column = _("(whole row)") if attribute == NON_FIELD_ERRORS else headings.get(key, key)
        for message in messages:
            yield Problem(line, column, str(message))


def write(resource: LedgerResource, plan: Plan) -> None:
    """Write the plan in batches, history included. Call inside a transaction."""
    save_in_bulk(resource._meta.model, plan.created, plan.updated, user=resource.user)
    resource.write_related(plan)


def save_in_bulk(model, created: list, updated: list, fields=None, *, user) -> None:
    """INSERT the new instances, and UPDATE of each changed one `fields`, or
    else only the fields its own row changed (grouped by those fields: a
    column one row changed is not written back, from the check's reading,
    over the others),
    BATCH rows a statement, with a history row each (the history's user is
    the importer, as a save() would record). Through lib.audit, which tells
    the cached public pages."""
    if created:
        audit.bulk_create(model, created, user=user, batch_size=BATCH)
    if not updated:
        return
    # bulk_update() does not touch auto_now fields as save() does
    stamped = {f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
    now = timezone.now()
    by_fields: dict[frozenset, list] = {}
    for instance in updated:
        for attname in stamped:
            setattr(instance, attname, now)
        changed = fields if fields is not None else instance._import_changed
        by_fields.setdefault(frozenset(changed), []).append(instance)
    for fields, instances in by_fields.items():
        audit.bulk_update(model, instances, sorted(fields | stamped), user=user, batch_size=BATCH)


def run_import(
    upload, *, resource: LedgerResource, fields: list[LedgerField], commit: bool
) -> ImportReport:
    """Read, check every row, and write all rows or none.

    With commit=False (the preview) nothing is written either way.
    SpreadsheetError (an unreadable file) propagates for the caller to show.
    """
    report, plan = check(upload, resource=resource, fields=fields)
    if commit and report.ok:
        write_or_report(resource, plan, report)
    return report


def write_or_report(resource: LedgerResource, plan: Plan, report: ImportReport) -> bool:
    """Write the plan in one transaction (the in-process path: commands and
    tests; the background job writes under its own lock, jobs._write); the
    database refusing it (a row written by someone else since the check)
    becomes a problem of the report, and nothing is written."""
    try:
        with transaction.atomic():
            write(resource, plan)
    except DatabaseError:
        log.warning("the database refused an import", exc_info=True)
        report.problems.append(refused_by_database())
        return False
    report.committed = True
    return True


def refused_by_database() -> Problem:
    """The report's problem when the database refuses the write (its own
    words, which may quote a row's values, go to the scrubbed log only)."""
    return Problem(
        None,
        _("(whole file)"),
        _(
            "Nothing was imported: some of these records were changed by someone else "
            "after the check. Check the file again and import it."
        ),
    )


def check_instance(resource: LedgerResource, row, loader):
    """One row through the resource's rules: ("new" | "update" | "skip",
    instance), or ValidationError with every problem of the row."""
    resource.before_import_row(row)
    instance, new = resource.get_or_init_instance(loader, row)
    original = None if new else deepcopy(instance)
    errors = {}
    try:
        resource.import_instance(instance, row)
    except ValidationError as invalid:
        errors = invalid.update_error_dict(errors)
    if not new and resource.skip_row(instance, original, row, errors):
        return "skip", instance
    resource.validate_instance(instance, errors)
    resource.before_save_instance(instance, row)
    if not new:
        instance._import_changed = {
            f.attname
            for f in instance._meta.concrete_fields
            if not f.primary_key and getattr(instance, f.attname) != getattr(original, f.attname)
        }
    return ("new" if new else "update"), instance
