from django import forms
from django.utils.translation import gettext_lazy as _

from lib.validators import normalise_code, normalise_phone, validate_id_number, validate_phone
from orgs.models import Area

from .services import AVAILABILITY


class CommunityChoiceField(forms.ModelChoiceField):
    """The communities grouped by their street: choose the street, then the community."""

    def label_from_instance(self, obj):
        return obj.name


def community_choices(queryset):
    groups: dict[str, list] = {}
    for area in queryset:
        groups.setdefault(area.parent.name if area.parent_id else "", []).append(
            (area.pk, area.name)
        )
    return [("", "---------"), *groups.items()]


class RegisterForm(forms.Form):
    name = forms.CharField(
        label=_("Real name"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "resident-input"}),
        help_text=_("As on your ID card."),
    )
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "resident-input"}),
        help_text=_("18 characters. Your date of birth is read from it."),
    )
    community = CommunityChoiceField(
        label=_("Your community"),
        queryset=Area.objects.none(),
        error_messages={"invalid_choice": _("Choose your community from the list.")},
    )
    skills = forms.CharField(
        label=_("What you can do"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "resident-input"}),
        help_text=_("e.g. haircuts, accompanying elders to the doctor, tutoring, repairs."),
    )
    availability = forms.MultipleChoiceField(
        label=_("When you can serve"),
        choices=list(AVAILABILITY.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name (under 18 only)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"class": "resident-input"}),
    )
    guardian_phone = forms.CharField(
        label=_("Guardian's mobile number (under 18 only)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "class": "resident-input"}
        ),
        help_text=_("We text your guardian a link to give their consent."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communities = Area.objects.filter(level="community").select_related("parent")
        field = self.fields["community"]
        field.queryset = communities.order_by("parent__code", "code")
        field.choices = community_choices(field.queryset)

    def clean_id_number(self):
        value = normalise_code(self.cleaned_data["id_number"])
        validate_id_number(value)
        return value

    def clean_guardian_phone(self):
        value = normalise_phone(self.cleaned_data.get("guardian_phone", ""))
        if value:
            validate_phone(value)
        return value


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not confirmed"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The volunteer reads this on their page."),
        error_messages={
            "required": _("Say why the volunteer is not confirmed: they will read it.")
        },
    )
