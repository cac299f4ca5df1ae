"""Explicit state machines for records with a lifecycle (projects, tickets).

An app declares its steps — where each may start from and where it leads —
and gets one `move()` that is the only way the status changes: inside a
transaction it locks the row, checks the step may start from the current
state, applies the changes that come with the step, saves (with history),
and writes an event (who, when, from, to, note) on the record's timeline.

The timeline's model is an `Event`: each app's event model (TicketEvent,
ProjectEvent) is a subclass that adds the foreign key to its record and its
record's statuses.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import clock
from lib.limits import TEXT


class Event(models.Model):
    """One step of a record through its states, as `Machine.move` writes it,
    or one a service writes itself (a batch closing tickets, an escalation).

    A subclass adds the foreign key to its record, named as the machine's
    `record_field`, and its statuses:

        from_status, to_status = Event.statuses(TicketStatus, max_length=12)
    """

    transition = models.CharField(gettext_lazy("step"), max_length=30)
    note = models.TextField(gettext_lazy("note"), blank=True, max_length=TEXT)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy(
            "Empty when no account took the step: a resident, or the platform on schedule."
        ),
    )
    # A default, not auto_now_add: a service that changes records in bulk
    # gives their events the instant it wrote on the records.
    at = models.DateTimeField(gettext_lazy("at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return (
            f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} "
            f"{self.get_from_status_display()} → {self.get_to_status_display()}"
        )

    @staticmethod
    def statuses(choices: type[models.TextChoices], *, max_length: int):
        """The `from_status` and `to_status` fields for a record's statuses."""
        return (
            models.CharField(
                gettext_lazy("previous status"),
                max_length=max_length,
                choices=choices.choices,
                blank=True,
            ),
            models.CharField(
                gettext_lazy("new status"), max_length=max_length, choices=choices.choices
            ),
        )


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
                # The platform's moment (lib.clock): a step is compared with
                # the deadlines it meets, which read the platform's today.
                at=clock.now(),
            )
        return record
