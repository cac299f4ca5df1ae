from django.contrib import admin

from incubators.models import MonthlyReport, Review
from orgs.admin import ScopedAdmin


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ScopedAdmin):
    list_display = [
        "platform",
        "year",
        "month",
        "activities_held",
        "organisations_served",
        "trainings_held",
        "person_times",
        "submitted_at",
    ]
    list_select_related = ["platform"]
    list_filter = ["year", "month"]
    fields = [
        "platform",
        "year",
        "month",
        "activities_held",
        "organisations_served",
        "trainings_held",
        "person_times",
        "highlights",
        "problems",
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Review)
class ReviewAdmin(ScopedAdmin):
    list_display = ["platform", "kind", "year", "number", "reviewed_on", "score"]
    list_select_related = ["platform"]
    list_filter = ["kind", "year"]
    fields = ["platform", "kind", "year", "number", "reviewed_on", "reviewers", "findings", "score"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
