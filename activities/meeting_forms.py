"""The forms of a held activity's page (activities.meeting_views)."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from incubators.models import Fund
from lib import clock
from lib.limits import TEXT
from lib.uploads import check_photo
from lib.widgets import DateInput
from projects.models import Need, Project, Round, RoundStatus

from . import meetings


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who spoke, what was discussed, what was decided."),
    )
    outcomes = forms.CharField(
        label=_("Outcomes"),
        required=False,
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What comes of it: decisions, tasks and who does them."),
    )
    headcount = forms.IntegerField(
        label=_("Headcount"),
        min_value=0,
        initial=0,
        help_text=_(
            "People present, when attendees were not listed by name; "
            "person-times count the larger of this and the sign-ins."
        ),
    )


class AttendeesForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People who attended without signing in by the code"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, activity, user, query="", **kwargs):
        super().__init__(*args, **kwargs)
        signed = activity.attendances.values("person")
        # Validated against everyone the user may add; offered only the
        # matches of a name search (never the whole area's residents).
        self.fields["people"].queryset = meetings.people_for(activity, user).exclude(pk__in=signed)
        self.matches, self.more = meetings.people_matching(activity, user, query)
        self.query = (query or "").strip()
        self.fields["people"].widget.choices = [(p.pk, p.name) for p in self.matches]


class PhotoForm(forms.Form):
    image = forms.ImageField(
        label=_("Photo"),
        validators=[check_photo],
        help_text=_("Private until staff publish it."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)


class NeedsForm(forms.Form):
    needs = forms.ModelMultipleChoiceField(
        label=_("Residents' needs discussed"),
        queryset=Need.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, activity, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = (
            meetings.needs_for(activity)
            .filter(pk__in=Need.objects.for_user(user).values("pk"))
            .select_related("community")
        )
        self.fields["needs"].label_from_instance = lambda n: f"{n.community.name}：{n.title}"


class DraftProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "deliverables",
            "beneficiaries",
            "budget_ceiling",
            "starts_on",
            "ends_on",
            "round",
            "fund",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "deliverables": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, activity, needs, user, **kwargs):
        super().__init__(*args, **kwargs)
        # As on the projects' own form: the district's rounds taking
        # projects, or a fund of the user's jurisdiction to pay outside one.
        self.fields["round"].queryset = (
            Round.objects.in_status(RoundStatus.DRAFT) | Round.objects.in_status(RoundStatus.OPEN)
        ).filter(district__code=activity.area.code[:6])
        self.fields["fund"].queryset = Fund.objects.for_user(user).filter(is_active=True)
        today = clock.today()
        self.initial.setdefault("title", "、".join(n.title for n in needs)[:120])
        self.initial.setdefault(
            "description", "\n".join(f"{n.community.name}：{n.title}" for n in needs)
        )
        self.initial.setdefault("deliverables", activity.outcomes)
        self.initial.setdefault("beneficiaries", sum(n.people_affected for n in needs))
        self.initial.setdefault("starts_on", today + timedelta(days=30))
        self.initial.setdefault("ends_on", today + timedelta(days=120))

    def _post_clean(self):
        """The project is checked whole by the service (community, drafter)."""
