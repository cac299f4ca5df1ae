"""The forms of activity subsidies (activities.subsidy_views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from incubators.models import Fund, FundSource
from lib.uploads import check_receipt

from .subsidies import parse_budget


def yuan(label, **extra):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0.01, **extra)


class ApplyForm(forms.Form):
    amount = yuan(_("amount applied for (yuan)"))
    budget = forms.CharField(
        label=_("budget lines"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("One item a line, then a space and its amount, e.g. 场地布置 300."),
    )
    purpose = forms.CharField(
        label=_("what the money is for"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def clean_budget(self):
        return parse_budget(self.cleaned_data["budget"])


class ApproveForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("fund"), queryset=Fund.objects.none())
    source = forms.ModelChoiceField(
        label=_("source of the money"),
        queryset=FundSource.objects.all(),
        help_text=_("The fund's money this subsidy draws on, e.g. 福彩公益金."),
    )
    amount = yuan(_("amount approved (yuan)"))
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, user, subsidy, **kwargs):
        super().__init__(*args, **kwargs)
        # A fund of the activity's area or above it (area codes are paths).
        code = subsidy.activity.area.code
        above = [code[:end] for end in range(1, len(code) + 1)]
        self.fields["fund"].queryset = Fund.objects.for_user(user).filter(
            is_active=True, area__code__in=above
        )


class RefuseForm(forms.Form):
    reasons = forms.CharField(
        label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class SettleForm(forms.Form):
    spent = yuan(_("actually spent (yuan)"))
    receipts = MultipleFileField(
        label=_("receipts"),
        validators=[check_receipt],
        help_text=_("PDFs, or JPEG or PNG photos of the receipts and invoices."),
    )
    note = forms.CharField(
        label=_("settlement note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
