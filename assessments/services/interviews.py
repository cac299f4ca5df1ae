"""Interviews (约谈): recording the talk and the agreed rectification, and
concluding it. A failed rectification after low monthly scores orders the
organisation out of its platform (责令退出)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from incubators.models import Residency
from incubators.services.residency import order_out
from lib import audit
from orgs.models import Organisation

from ..models import Interview, InterviewKind, InterviewStatus


def refresh_rectification(organisation_ids) -> int:
    """Write each organisation's "under rectification until" from its
    interviews under rectification (the latest deadline, or none): one query
    for any number of organisations."""
    latest = (
        Interview.objects.filter(organisation=OuterRef("pk"), status=InterviewStatus.INTERVIEWED)
        .values("organisation")
        .annotate(latest=Max("deadline"))
        .values("latest")
    )
    return Organisation.objects.filter(pk__in=organisation_ids).update(
        rectification_due_on=Subquery(latest)
    )


def record_interview(
    *,
    interview: Interview,
    held_on: date,
    interviewers: str,
    rectification: str,
    deadline: date,
    by,
) -> Interview:
    """The interview was held: who talked, what was agreed, by when."""
    errors = {}
    if not interviewers.strip():
        errors["interviewers"] = _("Say who held the interview.")
    if not rectification.strip():
        errors["rectification"] = _("Write down the rectification agreed.")
    if deadline <= held_on:
        errors["deadline"] = _("The deadline must come after the interview.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if interview.status != InterviewStatus.REMINDED:
            raise ValidationError(_("This interview has already been recorded."))
        interview.status = InterviewStatus.INTERVIEWED
        interview.held_on = held_on
        interview.interviewers = interviewers.strip()
        interview.rectification = rectification.strip()
        interview.deadline = deadline
        interview.recorded_by = by
        audit.save(interview, by=by)
        refresh_rectification([interview.organisation_id])
    return interview


def conclude(*, interview: Interview, rectified: bool, on: date, note: str, by) -> Interview:
    """The rectification is done, or it failed. A failure after low monthly
    scores orders the organisation out of the platform it is resident in."""
    if not rectified and not note.strip():
        raise ValidationError({"note": _("Say why the rectification failed.")})
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if interview.status != InterviewStatus.INTERVIEWED:
            raise ValidationError(_("Only an interview under rectification can be concluded."))
        interview.status = InterviewStatus.RECTIFIED if rectified else InterviewStatus.FAILED
        interview.concluded_on = on
        interview.conclusion = note.strip()
        audit.save(interview, by=by)
        if not rectified and interview.kind == InterviewKind.LOW_MONTHLY:
            residency = (
                Residency.objects.current()
                .filter(organisation_id=interview.organisation_id)
                .first()
            )
            if residency is not None:
                order_out(
                    residency=residency,
                    on=max(on, residency.entered_on),
                    reason=_(
                        "Ordered to leave: rectification after low monthly scores failed (%(why)s)."
                    )
                    % {"why": interview.conclusion},
                    by=by,
                )
        refresh_rectification([interview.organisation_id])
    return interview
