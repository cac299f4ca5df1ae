"""The forms of a visit: the visit, its findings (a formset, a few blank
rows on a phone), and the choices asked when a finding is turned."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.models import Grid
from orgs.models import Category, Person

from .models import Visit, VisitFinding

WHEN = "%Y-%m-%d"


class VisitForm(forms.ModelForm):
    """A visit of the worker's community: its grids and its party members
    are the choices."""

    class Meta:
        model = Visit
        fields = ["visited_on", "address", "grid", "party_member", "summary"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format=WHEN),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.community = community
        self.fields["grid"].queryset = Grid.objects.filter(community=community).order_by("number")
        self.fields["party_member"].queryset = Person.objects.filter(
            community=community, is_party_member=True
        ).order_by("name")
        self.fields["visited_on"].input_formats = [WHEN]


class FindingForm(forms.ModelForm):
    class Meta:
        model = VisitFinding
        fields = [
            "kind",
            "name",
            "phone",
            "elder_kind",
            "skill",
            "description",
            "contact_name",
            "headcount",
        ]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}


FindingFormSet = forms.inlineformset_factory(
    Visit,
    VisitFinding,
    form=FindingForm,
    extra=3,
    max_num=30,
    validate_max=True,
    can_delete=False,
)


class TalentTurnForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number (if known)"),
        max_length=18,
        required=False,
        help_text=_("Finds the person if already recorded; otherwise found by phone."),
    )


def _choices(rows) -> list:
    return [("", "---------"), *((row.pk, str(row)) for row in rows)]


class MemberTurnForm(TalentTurnForm):
    """The organisations are read once for every finding of the page: a
    list of choices, checked against the jurisdiction when posted."""

    organisation = forms.TypedChoiceField(label=_("Organisation they join"), coerce=int)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = _choices(organisations)


class OrganisationTurnForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _choices(categories)


def categories():
    """The sub-classes a ledger entry may be filed under."""
    return list(
        Category.objects.filter(parent__isnull=False, is_active=True)
        .select_related("parent")
        .order_by("parent__position", "parent_id", "position", "id")
    )
