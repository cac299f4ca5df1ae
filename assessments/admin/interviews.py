"""Interviews in the admin: staff record the interview and conclude the
rectification, each a step page of its own."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import clock
from lib.widgets import DateInput
from orgs.admin import ScopedAdmin
from orgs.admin.filters import street_filter

from ..models import Interview, InterviewStatus
from ..services import interviews as interview_services


class RecordInterviewForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("interviewed on"), widget=DateInput)
    interviewers = forms.CharField(label=gettext_lazy("interviewed by"), max_length=120)
    rectification = forms.CharField(
        label=gettext_lazy("agreed rectification"), widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(label=gettext_lazy("rectify by"), widget=DateInput)


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("outcome"),
        choices=[
            ("rectified", gettext_lazy("Rectified")),
            ("failed", gettext_lazy("Failed: order it to leave its platform")),
        ],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=gettext_lazy("concluded on"), widget=DateInput)
    note = forms.CharField(
        label=gettext_lazy("conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(Interview)
class InterviewAdmin(ScopedAdmin):
    list_display = ["organisation", "kind", "period", "status", "deadline", "platform"]
    list_select_related = ["organisation", "platform"]
    list_filter = ["status", "kind", "year", street_filter("organisation__area__code")]
    search_fields = ["organisation__name"]
    readonly_fields = [
        "organisation",
        "platform",
        "kind",
        "period",
        "evidence_table",
        "status",
        "raised_at",
        "held_on",
        "interviewers",
        "rectification",
        "deadline",
        "recorded_by",
        "concluded_on",
        "conclusion",
    ]
    fields = readonly_fields
    change_form_template = "admin/assessments/interview/change_form.html"

    def has_add_permission(self, request):
        return False  # raised by the rollups

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("period"), ordering="year")
    def period(self, obj):
        return obj.period_label

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Everything is read-only: the steps are the buttons at the top.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=gettext_lazy("evidence"))
    def evidence_table(self, obj):
        if not obj.evidence:
            return "—"
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        row.get("month") or row.get("year"),
                        row.get("score"),
                        row.get("platform") or (_("%(stars)s stars") % {"stars": row.get("stars")}),
                    )
                    for row in obj.evidence
                ),
            ),
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="assessments_interview_step",
            ),
            *super().get_urls(),
        ]

    STEPS = {
        "record": (InterviewStatus.REMINDED, RecordInterviewForm),
        "conclude": (InterviewStatus.INTERVIEWED, ConcludeForm),
    }

    def step_view(self, request, object_id, step):
        interview = self.get_object(request, str(object_id))
        if step not in self.STEPS or not self.has_change_permission(request, interview):
            raise PermissionDenied
        status, form_class = self.STEPS[step]
        if interview.status != status:
            messages.error(request, _("This step is not open for this interview."))
            return self.change_page(interview)
        today = clock.today()
        initial = (
            {"held_on": today, "deadline": today + timedelta(days=settings.ASSESSMENT_RECTIFY_DAYS)}
            if step == "record"
            else {"on": today}
        )
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            service = interview_services.record_interview if step == "record" else _conclude
            done = self.run_step(
                request,
                interview,
                service,
                _("Saved."),
                form=form,
                interview=interview,
                by=request.user,
                **form.cleaned_data,
            )
            if done:
                return done
        return self.step_page(
            request,
            "admin/assessments/interview/step.html",
            original=interview,
            form=form,
            title=_("Record the interview")
            if step == "record"
            else _("Conclude the rectification"),
        )


def _conclude(*, interview, by, outcome, on, note):
    interview_services.conclude(
        interview=interview, rectified=outcome == "rectified", on=on, note=note, by=by
    )
