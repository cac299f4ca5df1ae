"""Forms of the projects portal. Each keeps what was typed when it is sent
back with an error, and says what is wrong next to the field."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from incubators.models import Fund
from lib import clock
from lib.limits import DOCUMENT, TEXT, ClearLengthErrors
from lib.uploads import check_photo
from lib.validators import normalise_phone, validate_phone
from lib.widgets import DateInput
from orgs.forms import ServedGroupsField
from orgs.models import Area, AreaLevel, ServedGroup

from .models import (
    ActivityReport,
    Direction,
    Expense,
    Need,
    NeedStatus,
    Project,
    Round,
    RoundStatus,
)


class NeedForm(forms.ModelForm):
    groups = ServedGroupsField()

    class Meta:
        model = Need
        fields = [
            "community",
            "title",
            "description",
            "location",
            "people_affected",
            "groups",
            "urgency",
            "requester_name",
            "requester_phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Area.objects.for_user(user).filter(
            level=AreaLevel.COMMUNITY
        )
        if self.fields["community"].queryset.count() == 1:
            self.fields["community"].initial = self.fields["community"].queryset.first()

    def clean_requester_phone(self):
        return normalise_phone(self.cleaned_data.get("requester_phone", ""))


class PublicNeedForm(ClearLengthErrors, forms.ModelForm):
    """The resident's own form: no account, a honeypot field for robots."""

    website = forms.CharField(required=False, widget=forms.HiddenInput, label="")
    groups = ServedGroupsField(
        label=_("Who is it for?"), help_text=_("Tick any that fit; you may leave them all empty.")
    )

    class Meta:
        model = Need
        fields = [
            "community",
            "title",
            "description",
            "location",
            "people_affected",
            "groups",
            "requester_name",
            "requester_phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"requester_name": _("Your name"), "requester_phone": _("Your phone")}
        help_texts = {
            "requester_phone": _(
                "The community worker may call you; it is not shown to anyone else."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Area.objects.filter(
            level=AreaLevel.COMMUNITY
        ).select_related("parent")
        self.fields["community"].label_from_instance = lambda area: (
            f"{area.parent.name} {area.name}"
        )
        self.fields["requester_phone"].required = True

    def clean_requester_phone(self):
        phone = normalise_phone(self.cleaned_data.get("requester_phone", ""))
        validate_phone(phone)
        return phone


class ProjectForm(forms.ModelForm):
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs it answers"),
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = ServedGroupsField(
        help_text=_(
            "Left empty, the project serves the groups of the needs it answers; "
            "tick them to say otherwise."
        )
    )

    class Meta:
        model = Project
        fields = [
            "community",
            "title",
            "direction",
            "description",
            "deliverables",
            "beneficiaries",
            "groups",
            "budget_ceiling",
            "starts_on",
            "ends_on",
            "round",
            "fund",
            "bids_close_at",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "deliverables": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "bids_close_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {
            "bids_close_at": _(
                "For a project outside a round; a round's projects close with the round."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communities = Area.objects.for_user(user).filter(level=AreaLevel.COMMUNITY)
        self.fields["community"].queryset = communities
        if communities.count() == 1:
            self.fields["community"].initial = communities.first()
        self.fields["needs"].queryset = Need.objects.for_user(user).in_status(NeedStatus.OPEN)
        self.fields["round"].queryset = (
            Round.objects.in_status(RoundStatus.DRAFT) | Round.objects.in_status(RoundStatus.OPEN)
        ).filter(district__code__in=[c.code[:6] for c in communities[:1]])
        self.fields["fund"].queryset = Fund.objects.for_user(user).filter(is_active=True)
        self.fields["direction"].queryset = Direction.objects.all()
        self.fields["bids_close_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AwardForm(forms.Form):
    bid = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(
        label=_("Award (yuan)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    note = forms.CharField(
        label=_("Reasons for the choice"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ObjectionForm(forms.Form):
    """A bidder's objection to an award on public notice (质疑)."""

    grounds = forms.CharField(
        label=_("Grounds of the objection"),
        help_text=_(
            "What is wrong with the proposed award, and why: the facts, the rule or the "
            "review criterion concerned. The grounds are published (公开) on the public "
            "project page and in open data: do not include anyone's phone number or ID number."
        ),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    """The street's or the district's answer to an objection (答复)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("dismissed", _("Not upheld: the award stands")),
            ("upheld", _("Upheld: the award is withdrawn and reviewed again")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Reasons for the answer"),
        help_text=_("They are published with the objection."),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AcceptForm(forms.Form):
    beneficiaries_reached = forms.IntegerField(label=_("Beneficiaries reached"), min_value=0)
    note = forms.CharField(
        label=_("Note"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SettleForm(forms.Form):
    score = forms.DecimalField(
        label=_("Evaluation score (out of 100)"),
        max_digits=5,
        decimal_places=1,
        min_value=0,
        max_value=100,
    )
    evaluation = forms.CharField(
        label=_("Evaluation"), max_length=DOCUMENT, widget=forms.Textarea(attrs={"rows": 3})
    )
    final_payment = forms.DecimalField(
        label=_("Final payment (yuan)"), max_digits=10, decimal_places=2, min_value=0
    )
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=40)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Advance (yuan)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    occurred_on = forms.DateField(label=_("Date"), initial=clock.today, widget=DateInput())
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=40)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            photos = [super(MultipleImageField, self).clean(item, initial) for item in data]
        else:
            photos = [super().clean(data, initial)] if data else []
        for photo in photos:
            check_photo(photo)
        return photos


class ActivityForm(forms.ModelForm):
    photos = MultipleImageField(
        label=_("Activity photos"), required=False, help_text=_("Up to 9 photos, 5 MB each.")
    )

    class Meta:
        model = ActivityReport
        fields = ["held_on", "title", "description", "participants", "beneficiaries"]
        widgets = {
            "held_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        if len(photos) > 9:
            raise forms.ValidationError(_("At most 9 photos per activity."))
        for photo in photos:
            if photo.size > 5 * 1024 * 1024:
                raise forms.ValidationError(
                    _("%(name)s is larger than 5 MB.") % {"name": photo.name}
                )
        return photos


class BeneficiaryCountForm(forms.Form):
    """One row of an activity's beneficiaries by group; a blank row is skipped."""

    group = forms.ModelChoiceField(
        label=_("Group served"), queryset=ServedGroup.objects.for_choices(), required=False
    )
    count = forms.IntegerField(label=_("Beneficiaries in the group"), min_value=0, required=False)

    def clean(self):
        data = super().clean()
        if data.get("group") and data.get("count") is None:
            self.add_error("count", _("Say how many of the beneficiaries are in this group."))
        if data.get("count") is not None and not data.get("group"):
            self.add_error("group", _("Choose the group these beneficiaries are in."))
        return data


BeneficiaryCountFormSet = forms.formset_factory(
    BeneficiaryCountForm, extra=0, min_num=4, max_num=30, validate_max=True
)


class ExpenseForm(forms.ModelForm):
    class Meta:
        model = Expense
        fields = ["spent_on", "budget_line", "amount", "description", "payee", "receipt"]
        widgets = {"spent_on": DateInput()}

    def __init__(self, *args, bid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = bid.lines.all()


class ConflictForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    nature = forms.CharField(label=_("Your tie to the organisation"), max_length=200)


class MilestoneForm(forms.ModelForm):
    class Meta:
        from .models import Milestone

        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput()}
