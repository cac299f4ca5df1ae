"""The residents' survey in the admin: the paper forms a community enters
(several batches a year, each with its number of forms and the reason they
were on paper, audited), and the online answers, to read."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext

from orgs.admin import ReadOnlyAdminMixin, ScopedAdmin, ScopedAdminMixin

from ..models import PaperSurvey, SurveyAnswer
from ..services.surveys import survey_year


class PaperSurveyForm(forms.ModelForm):
    class Meta:
        model = PaperSurvey
        fields = ["organisation", "year", "forms", "average", "reason"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > survey_year():
            raise forms.ValidationError(gettext("Forms cannot be entered for a year to come."))
        return year


@admin.register(PaperSurvey)
class PaperSurveyAdmin(ScopedAdmin):
    """Entered by the organisation's community worker or street officer,
    within their jurisdiction; the annual rollup counts each batch as its
    number of forms at its average."""

    form = PaperSurveyForm
    list_display = ["organisation", "year", "forms", "average", "reason", "recorded_by"]
    list_select_related = ["organisation", "recorded_by"]
    list_filter = ["year"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def get_changeform_initial_data(self, request):
        return {"year": survey_year(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Online answers, to read (the phone is not kept: only a digest, not shown)."""

    show_full_result_count = False
    list_display = ["organisation", "year", "q1", "q2", "q3", "comment", "answered_at"]
    list_select_related = ["organisation"]
    list_filter = ["year"]
    search_fields = ["organisation__name"]
    exclude = ["phone_digest"]
