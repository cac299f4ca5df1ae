"""A ticket's steps as the admin offers them: the forms, and the service
each step runs."""

from django import forms
from django.utils.translation import gettext_lazy

from lib.limits import TEXT
from orgs.models import Organisation, User
from orgs.roles import Role

from .. import services
from ..forms import PhotoField


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Community worker"), queryset=User.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    department = forms.CharField(
        label=gettext_lazy("Department"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("e.g. 城管、物业、供水公司"),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.for_user(request.user).filter(
            is_active=True, role__in=[Role.COMMUNITY_WORKER, Role.STREET_OFFICER]
        )
        self.fields["organisation"].queryset = Organisation.objects.for_user(request.user).live()


class StepForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    photo = PhotoField(label=gettext_lazy("Photo"))


# Each step the admin offers: the service, and whether it needs a note.
STEP_SERVICES = {
    "accept": (lambda t, by, d: services.accept(ticket=t, by=by), False),
    "reject": (lambda t, by, d: services.reject(ticket=t, by=by, reason=d["note"]), True),
    "start": (lambda t, by, d: services.start(ticket=t, by=by), False),
    "hold": (lambda t, by, d: services.hold(ticket=t, by=by, reason=d["note"]), True),
    "resume": (lambda t, by, d: services.resume(ticket=t, by=by), False),
    "resolve": (
        lambda t, by, d: services.resolve(
            ticket=t, by=by, resolution=d["note"], photo=d.get("photo")
        ),
        True,
    ),
    "close": (lambda t, by, d: services.close(ticket=t, by=by, note=d["note"]), False),
    "reopen": (lambda t, by, d: services.reopen(ticket=t, by=by, reason=d["note"]), True),
}
