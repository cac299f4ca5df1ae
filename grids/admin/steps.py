"""A ticket's steps as the admin offers them: the forms, and the service
each step runs."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from lib.limits import TEXT
from orgs.models import Department, Organisation, User
from orgs.roles import COMMUNITY_STAFF

from .. import services
from ..forms import PhotoField


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Community worker"), queryset=User.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation to handle it"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    department = forms.CharField(
        label=gettext_lazy("Department"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("e.g. 城管、物业、供水公司"),
    )
    # A department or mass organisation on the platform (团委, 妇联…): its
    # accounts see the ticket and handle it.
    department_on_platform = forms.ModelChoiceField(
        label=gettext_lazy("Department on the platform"),
        queryset=Department.objects.none(),
        required=False,
        help_text=gettext_lazy("Its own accounts then handle the ticket."),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.for_user(request.user).filter(
            is_active=True, role__in=COMMUNITY_STAFF
        )
        self.fields["organisation"].queryset = Organisation.objects.for_user(request.user).live()
        self.fields["department_on_platform"].queryset = departments_serving(request.user)


def departments_serving(user):
    """The active departments of the user's area and of the areas above it
    (a district's 团委 serves every community of the district)."""
    if user.sees_everything:
        return Department.objects.active().select_related("area")
    code = user.area.code if user.area_id else ""
    above = [code[:n] for n in range(6, len(code) + 1, 3)]
    return (
        Department.objects.active()
        .filter(Q(area__code__in=above) | Q(area__code__startswith=code or "-"))
        .select_related("area")
    )


class StepForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    photo = PhotoField(label=gettext_lazy("Photo"))


# Each step the admin offers: the service, called with the ticket, who takes
# the step and the step form's note and photo; and whether it needs a note.
STEP_SERVICES = {
    "accept": (lambda ticket, by, note, photo: services.accept(ticket=ticket, by=by), False),
    "reject": (
        lambda ticket, by, note, photo: services.reject(ticket=ticket, by=by, reason=note),
        True,
    ),
    "start": (lambda ticket, by, note, photo: services.start(ticket=ticket, by=by), False),
    "hold": (
        lambda ticket, by, note, photo: services.hold(ticket=ticket, by=by, reason=note),
        True,
    ),
    "resume": (lambda ticket, by, note, photo: services.resume(ticket=ticket, by=by), False),
    "resolve": (
        lambda ticket, by, note, photo: services.resolve(
            ticket=ticket, by=by, resolution=note, photo=photo
        ),
        True,
    ),
    "close": (
        lambda ticket, by, note, photo: services.close(ticket=ticket, by=by, note=note),
        False,
    ),
    "reopen": (
        lambda ticket, by, note, photo: services.reopen(ticket=ticket, by=by, reason=note),
        True,
    ),
}
