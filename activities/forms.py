from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Area, Organisation
from orgs.roles import Role

from .models import Activity

WHEN = "%Y-%m-%dT%H:%M"


class ActivityForm(forms.ModelForm):
    """An activity or meeting of the organiser's jurisdiction: an organisation
    leader's is their organisation's, in its community."""

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "description",
            "area",
            "organisation",
            "venue",
            "starts_at",
            "ends_at",
            "places",
            "volunteer_places",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WHEN),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WHEN),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [WHEN, "%Y-%m-%d %H:%M"]
        if user.role == Role.ORG_LEADER:
            del self.fields["area"]
            del self.fields["organisation"]
            self.instance.area = user.organisation.area
            self.instance.organisation = user.organisation
        else:
            self.fields["area"].queryset = Area.objects.for_user(user).order_by("code")
            self.fields["organisation"].queryset = Organisation.objects.for_user(user).order_by(
                "name"
            )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("An activity ends after it starts."))
        area, organisation = data.get("area"), data.get("organisation")
        if area and organisation and not organisation.area.code.startswith(area.code):
            self.add_error("organisation", _("The organisation is not in the organising area."))
        return data


class NewcomerForm(forms.Form):
    """The first sign-up of a phone the platform does not know: who they are."""

    name = forms.CharField(label=_("Your full name"), max_length=50)
    community = forms.ModelChoiceField(
        label=_("Community you live in"), queryset=Area.objects.none(), empty_label=None
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
