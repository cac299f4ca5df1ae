"""The glue between a screen and a service, written once.

A screen (a portal view, an admin step page, an admin bulk action) calls a
service, and the service may refuse with a ValidationError saying why. The
refusal is for the user to read, never a server error: on a page with a form
it goes on the form, shown again with everything that was typed; on a button
(a POST that redirects) each reason becomes an error message; on a bulk
action each refused item gets one message naming it. What went through gets
its success message.

Screens never write their own try/except around a service: views call
`run_service`, admin classes mix in `ServiceAdminMixin` (ScopedAdmin does),
whose add and change forms also show a refusal from `save_model`. As in
pretix, where the control views call `services.orders` through `OrderView`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

# A success message: a text, or a function of what the service returned.
Success = str | Callable[[Any], str] | None


@dataclass(frozen=True)
class Outcome:
    """What a service call came to: true when it went through, with what the
    service returned (which may itself be None)."""

    done: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.done


def run_service(
    request, service, /, success: Success = None, *, form=None, form_field=None, **kwargs
) -> Outcome:
    """Call `service(**kwargs)`.

    Refused: the reasons go on `form` when there is one (on `form_field`, or
    the whole form), otherwise each becomes an error message. Done:
    `success`, if given, becomes the success message.
    """
    try:
        value = service(**kwargs)
    except ValidationError as exc:
        if form is not None:
            form.add_error(form_field, exc)
        else:
            for message in exc.messages:
                messages.error(request, message)
        return Outcome(False)
    if success is not None:
        messages.success(request, success(value) if callable(success) else success)
    return Outcome(True, value)


class ServiceAdminMixin:
    """An admin whose pages run services: step pages, bulk actions, and add
    and change forms whose `save_model` calls a service."""

    # --- step pages and buttons ------------------------------------------------

    def run_step(
        self,
        request,
        obj,
        service,
        /,
        success: Success = None,
        *,
        form=None,
        form_field=None,
        **kwargs,
    ) -> HttpResponseRedirect | None:
        """Run a step on `obj` (keywords as `run_service`). Done, or refused
        with no form to show it on: back to obj's change page, where the
        messages show. Refused with a form: None, the reasons on the form,
        for the caller to show its page again."""
        done = run_service(request, service, success, form=form, form_field=form_field, **kwargs)
        if done or form is None:
            return self.change_page(obj)
        return None

    def run_each(
        self,
        request,
        items: Iterable,
        service: Callable[[Any], Any],
        *,
        success: Callable[[Any], str] | None = None,
        label: Callable[[Any], str] = str,
    ) -> int:
        """`service(item)` for each item. Each refusal is one error message
        naming its item by `label`; each success, `success(item)` if given.
        Returns how many went through, for a count the caller announces."""
        done = 0
        for item in items:
            try:
                service(item)
            except ValidationError as exc:
                messages.error(request, f"{label(item)}: {' '.join(exc.messages)}")
                continue
            done += 1
            if success is not None:
                messages.success(request, success(item))
        return done

    def change_page(self, obj) -> HttpResponseRedirect:
        """Back to `obj`'s change page, where its steps are."""
        meta = obj._meta
        return HttpResponseRedirect(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        )

    def step_page(self, request, template: str, **context) -> TemplateResponse:
        """A step's own page, in the admin's frame."""
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.model._meta, **context},
        )

    # --- refused saves -----------------------------------------------------------
    #
    # Two refusals get past an admin form's validation: a service called from
    # `save_model` that says no (a ValidationError: the organisation lies
    # outside the platform's area), and the database, when another request
    # saved a clashing row between this form's validation and its save (an
    # IntegrityError). The add or change view is one transaction, rolled back
    # by then, so nothing was saved: the view runs once more with the refusal
    # attached to its form, which shows it with everything that was typed. In
    # the race, the form's own validation now sees the committed row and names
    # the clash as it always does.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, IntegrityError) as exc:
            if request.method != "POST" or hasattr(request, "_save_refused"):
                raise
            request._save_refused = exc
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refused = getattr(request, "_save_refused", None)
        return form if refused is None else _refusing(form, refused)


def _refusing(form_class, refused: Exception):
    class Refusing(form_class):
        def clean(self):
            cleaned = super().clean()
            if isinstance(refused, ValidationError):
                # Once: the form's own check may now name the same reason.
                shown = set(self.non_field_errors())
                fresh = [m for m in refused.messages if m not in shown]
                if fresh:
                    self.add_error(None, ValidationError(fresh))
            return cleaned

        def _post_clean(self):
            super()._post_clean()
            if isinstance(refused, IntegrityError) and not self.errors:
                self.add_error(
                    None,
                    _(
                        "This could not be saved: it clashes with a change saved a moment "
                        "ago. Check the form and save again."
                    ),
                )

    Refusing.__name__ = Refusing.__qualname__ = form_class.__name__
    return Refusing
