"""The claim's forms: claiming (a resident by phone, a department), and the
claimant's or the community worker's later steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lib import clock
from lib.limits import TEXT, ClearLengthErrors

from .models import DepartmentOffer


class ClaimForm(ClearLengthErrors, forms.Form):
    plan = forms.CharField(
        label=_("What you will do"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. 周六上门送一台收音机"),
    )


class ResidentClaimForm(ClaimForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=50,
        required=False,
        help_text=_("Only the community sees it in full."),
    )
    as_unit = forms.TypedChoiceField(
        label=_("Claim as"),
        choices=[("0", _("Myself, a party member")), ("1", _("My unit"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, known_name: str = "", unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if known_name:  # on the ledger already: the name is the ledger's
            del self.fields["name"]
        if unit is None:
            del self.fields["as_unit"]
        else:
            self.fields["as_unit"].choices = [
                ("0", _("Myself, a party member")),
                ("1", unit.name),
            ]


class FulfilForm(ClearLengthErrors, forms.Form):
    note = forms.CharField(
        label=_("What was done"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(
        label=_("Fulfilled on"), initial=clock.today, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(ClearLengthErrors, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class OfferForm(ClearLengthErrors, forms.ModelForm):
    class Meta:
        model = DepartmentOffer
        fields = ["title", "description", "capacity"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
