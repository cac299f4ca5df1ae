"""A save refused on its way shows on the form, not as a server error.

Two refusals get past an admin form's validation: a service called from
`save_model` that says no (a ValidationError: the organisation lies outside
the platform's area), and the database, when another request saved a
clashing row between this form's validation and its save (an
IntegrityError). The add or change view is one transaction, rolled back by
then, so nothing was saved: the view runs once more with the refusal
attached to its form, which shows it with everything that was typed. In the
race, the form's own validation now sees the committed row and names the
clash as it always does.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _


class RefusedSaveMixin:
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
