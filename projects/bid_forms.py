"""The organisation's bid form: the proposal, its budget lines and, for a
joint bid (联合申报), its members with their shares."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from lib.limits import DOCUMENT
from orgs.models import Organisation


class BidForm(forms.Form):
    proposal = forms.CharField(
        label=_("Proposal"), max_length=DOCUMENT, widget=forms.Textarea(attrs={"rows": 6})
    )
    team = forms.CharField(
        label=_("Team"),
        max_length=DOCUMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who will do the work, with their roles."),
    )
    schedule = forms.CharField(
        label=_("Schedule"),
        max_length=DOCUMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happens when."),
    )


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=120, required=False)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        required=False,
        validators=[MinValueValidator(0)],
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("item") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount of this line."))
        if data.get("amount") and not data.get("item"):
            self.add_error("item", _("Say what this amount is for."))
        return data


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, extra=0, min_num=3, max_num=30, validate_max=True
)


class OrganisationInCommunityField(forms.ModelChoiceField):
    """A district's organisations, each with its community: two teams of one
    name in different communities are told apart."""

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.area.name}）"


class BidMemberForm(forms.Form):
    """One member of a joint bid (联合申报): the lead is the bidding organisation."""

    organisation = OrganisationInCommunityField(
        label=_("Member organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "member-select"}),
    )
    work_share = forms.CharField(label=_("Its share of the work"), max_length=200, required=False)
    budget_share = forms.DecimalField(
        label=_("Its share of the budget (yuan)"),
        max_digits=10,
        decimal_places=2,
        required=False,
        validators=[MinValueValidator(0)],
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if data.get("organisation"):
            if not (data.get("work_share") or "").strip():
                self.add_error("work_share", _("Say what this member will do."))
            if data.get("budget_share") is None:
                self.add_error("budget_share", _("Give this member's share of the budget."))
        elif data.get("work_share") or data.get("budget_share") is not None:
            self.add_error("organisation", _("Choose the member organisation."))
        return data


BidMemberFormSet = forms.formset_factory(BidMemberForm, extra=2, max_num=8, validate_max=True)


def member_choices(organisation):
    """Who may be named as a member: the live organisations of the lead's district."""
    return (
        Organisation.objects.live()
        .filter(area__code__startswith=organisation.area.code[:6])
        .exclude(pk=organisation.pk)
        .select_related("area")
        .order_by("name")
    )
