"""What the claimant's pages share: the claimant's own steps, and a form's
errors as messages on a page of buttons."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lib.screens import run_service

from .. import services
from ..forms import FulfilForm, ReasonForm


def form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def take_step(request, claim, name, *, by):
    """The claimant's steps, from the department's page or the resident's."""
    if name == "fulfil":
        form = FulfilForm(request.POST)
        if form.is_valid():
            run_service(
                request,
                services.fulfil,
                _("Fulfilled: thank you."),
                claim=claim,
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
                by=by,
            )
            return
    elif name == "withdraw":
        form = ReasonForm(request.POST)
        if form.is_valid():
            run_service(
                request,
                services.withdraw,
                _("Withdrawn: the need is open to others again."),
                claim=claim,
                reason=form.cleaned_data["reason"],
                by=by,
            )
            return
    else:
        raise PermissionDenied
    form_errors(request, form)
