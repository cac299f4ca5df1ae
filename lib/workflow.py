"""Explicit state machines for records with a lifecycle (projects, tickets).

An app declares its steps — where each may start from and where it leads —
and gets one `move()` that is the only way the status changes: inside a
transaction it locks the row, checks the step may start from the current
state, applies the changes that come with the step, saves (with history),
and writes an event (who, when, from, to, note) on the record's timeline.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Step:
    sources: frozenset
    target: str | Callable  # a status, or a function of the locked record giving one
    label: Promise


class Machine:
    def __init__(self, model, event_model, steps: dict[str, Step], *, record_field: str):
        self.model = model
        self.event_model = event_model
        self.steps = steps
        self.record_field = record_field  # the event's foreign key to the record

    def allows(self, record, step: str) -> bool:
        return record.status in self.steps[step].sources

    def move(self, record, step: str, *, by, note: str = "", **changes):
        """Take `step` on `record` inside the caller's transaction (opened here
        if none), or raise ValidationError saying why it cannot be taken."""
        rule = self.steps[step]
        with transaction.atomic():
            record = self.model.objects.select_for_update().get(pk=record.pk)
            if record.status not in rule.sources:
                raise ValidationError(
                    _("“%(step)s” is not possible while it is “%(status)s”.")
                    % {"step": rule.label, "status": record.get_status_display()}
                )
            before = record.status
            record.status = rule.target(record) if callable(rule.target) else rule.target
            for field, value in changes.items():
                setattr(record, field, value)
            record._history_user = by
            record.save()
            self.event_model.objects.create(
                **{self.record_field: record},
                transition=step,
                from_status=before,
                to_status=record.status,
                note=note,
                by=by,
            )
        return record
