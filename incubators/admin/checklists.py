from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubators.models import (
    Evidence,
    PlanItem,
    ProgressEntry,
    ProgressReport,
    QuarterPlan,
    ReportStatus,
    SupervisionOrder,
    SupervisionStatus,
    Task,
    TaskList,
    TaskListStatus,
)
from incubators.services import checklists
from orgs.admin import DocumentLinesMixin, ScopedAdmin, ScopedAdminMixin


class PlanItemInline(DocumentLinesMixin, admin.TabularInline):
    model = PlanItem
    extra = 1
    fields = ["title", "detail", "due_on"]


@admin.register(QuarterPlan)
class QuarterPlanAdmin(ScopedAdmin):
    list_display = ["platform", "year", "quarter", "created_by", "created_at"]
    list_select_related = ["platform", "created_by"]
    list_filter = ["year", "quarter"]
    fields = ["platform", "year", "quarter", "note"]
    inlines = [PlanItemInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class TaskInline(DocumentLinesMixin, admin.TabularInline):
    model = Task
    extra = 1
    fields = ["title", "detail", "due_on", "plan_item"]

    def _editable(self, request, obj):
        # Tasks are fixed once the list has gone out to the platforms.
        return obj is None or obj.status == TaskListStatus.DRAFT

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


@admin.register(TaskList)
class TaskListAdmin(ScopedAdmin):
    list_display = ["title", "district", "year", "quarter", "status", "issued_at"]
    list_select_related = ["district"]
    list_filter = ["status", "year", "quarter"]
    search_fields = ["title"]
    fields = [
        "title",
        "district",
        "year",
        "quarter",
        "plan",
        "recipients",
        "status",
        "issued_by",
        "issued_at",
    ]
    readonly_fields = ["status", "issued_by", "issued_at"]
    filter_horizontal = ["recipients"]
    inlines = [TaskInline]
    actions = ["issue"]
    change_form_template = "admin/incubators/tasklist/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != TaskListStatus.DRAFT:
            return [
                "title",
                "district",
                "year",
                "quarter",
                "plan",
                "recipients",
                *self.readonly_fields,
            ]
        return self.readonly_fields

    def has_issue_permission(self, request):
        return request.user.has_perm("incubators.change_tasklist")

    @admin.action(description=gettext_lazy("Issue the selected task lists"), permissions=["issue"])
    def issue(self, request, queryset):
        self.run_each(
            request,
            queryset,
            lambda task_list: checklists.issue_task_list(task_list=task_list, by=request.user),
            success=lambda task_list: _("Issued: %(list)s.") % {"list": task_list},
        )

    def get_urls(self):
        return [
            path(
                "check/",
                self.admin_site.admin_view(self.check_view),
                name="incubators_tasklist_check",
            ),
            *super().get_urls(),
        ]

    def check_view(self, request):
        """Run the lag check now instead of waiting for the morning job, on the
        task lists of the user's own jurisdiction."""
        if request.method != "POST" or not request.user.has_perm("incubators.add_supervisionorder"):
            raise PermissionDenied
        orders = checklists.issue_supervision_orders(
            by=request.user, task_lists=TaskList.objects.for_user(request.user)
        )
        messages.info(request, _("%(count)d supervision orders issued.") % {"count": len(orders)})
        return HttpResponseRedirect(reverse("admin:incubators_supervisionorder_changelist"))


class ProgressEntryForm(forms.ModelForm):
    class Meta:
        model = ProgressEntry
        fields = ["status", "done_on", "note"]


class ProgressEntryInline(DocumentLinesMixin, admin.TabularInline):
    model = ProgressEntry
    form = ProgressEntryForm
    extra = 0
    can_delete = False
    fields = ["task", "due", "status", "done_on", "note", "evidence_link"]
    readonly_fields = ["task", "due", "evidence_link"]

    def has_add_permission(self, request, obj=None):
        return False  # one line per task, made when the list is issued

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != ReportStatus.DRAFT:
            return [*self.fields]
        return self.readonly_fields

    @admin.display(description=gettext_lazy("due on"))
    def due(self, entry):
        return entry.task.due_on

    @admin.display(description=gettext_lazy("evidence"))
    def evidence_link(self, entry):
        from django.utils.html import format_html

        if not entry.pk:
            return ""
        url = reverse("admin:incubators_progressentry_change", args=[entry.pk])
        return format_html(
            '<a href="{}">{} ({})</a>', url, _("Attach evidence"), entry.evidence.count()
        )


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedAdmin):
    list_display = ["platform", "task_list", "status", "submitted_at", "done_count"]
    list_select_related = ["platform", "task_list"]
    list_filter = ["status"]
    fields = ["task_list", "platform", "status", "submitted_by", "submitted_at"]
    readonly_fields = fields
    inlines = [ProgressEntryInline]
    change_form_template = "admin/incubators/progressreport/change_form.html"

    @admin.display(description=gettext_lazy("done"))
    def done_count(self, report):
        entries = report.entries.all()
        return f"{sum(e.status == 'done' for e in entries)}/{len(entries)}"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entries")

    def has_add_permission(self, request):
        return False  # made when a task list is issued

    def save_formset(self, request, form, formset, change):
        # Each changed line goes through the service (it refuses a submitted report),
        # and the formset is told what changed, as its own save() would.
        formset.new_objects, formset.deleted_objects = [], []
        changed = [entry_form for entry_form in formset.forms if entry_form.has_changed()]
        formset.changed_objects = [(f.instance, f.changed_data) for f in changed]
        self.run_each(
            request,
            changed,
            lambda entry_form: checklists.record_progress(
                entry=entry_form.instance,
                status=entry_form.cleaned_data["status"],
                done_on=entry_form.cleaned_data.get("done_on"),
                note=entry_form.cleaned_data.get("note", ""),
                by=request.user,
            ),
            label=lambda entry_form: str(entry_form.instance.task),
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/submit/",
                self.admin_site.admin_view(self.submit_view),
                name="incubators_progressreport_submit",
            ),
            *super().get_urls(),
        ]

    def submit_view(self, request, object_id):
        report = self.get_object(request, str(object_id))
        if request.method != "POST" or not self.has_change_permission(request, report):
            raise PermissionDenied
        return self.run_step(
            request,
            report,
            checklists.submit_progress,
            _("Progress report submitted."),
            report=report,
            by=request.user,
        )


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    fields = ["file", "caption", "uploaded_at"]
    readonly_fields = ["uploaded_at"]

    def _report_open(self, request, entry):
        return (
            request.user.has_perm("incubators.change_progressreport")
            and entry is not None
            and entry.report.status == ReportStatus.DRAFT
        )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("incubators.view_progressreport")

    def has_add_permission(self, request, obj=None):
        return self._report_open(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._report_open(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._report_open(request, obj)


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Reached from a progress report's line, to attach evidence."""

    fields = ["task", "status", "done_on", "note"]
    readonly_fields = fields
    inlines = [EvidenceInline]

    def get_queryset(self, request):
        from incubators.models import ProgressReport as Report

        reports = Report.objects.for_user(request.user).values("pk")
        return ProgressEntry.objects.filter(report__in=reports).select_related("task", "report")

    def has_module_permission(self, request):
        return False  # not a list of its own in the menu

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("incubators.view_progressreport")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("incubators.change_progressreport")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(ScopedAdmin):
    list_display = ["platform", "task_list", "status", "issued_at", "answer_due_on", "answered_at"]
    list_select_related = ["platform", "task_list"]
    list_filter = ["status"]
    fields = [
        "task_list",
        "platform",
        "tasks",
        "reason",
        "answer_due_on",
        "status",
        "issued_by",
        "issued_at",
        "response",
        "answered_by",
        "answered_at",
    ]
    readonly_fields = fields
    change_form_template = "admin/incubators/supervisionorder/change_form.html"

    def has_add_permission(self, request):
        return False  # issued by the lag check, which district staff can run from the task lists

    def get_urls(self):
        return [
            path(
                "<int:object_id>/answer/",
                self.admin_site.admin_view(self.answer_view),
                name="incubators_supervisionorder_answer",
            ),
            path(
                "<int:object_id>/close/",
                self.admin_site.admin_view(self.close_view),
                name="incubators_supervisionorder_close",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request, object_id):
        order = self.get_object(request, str(object_id))
        if request.method != "POST" or not self.has_change_permission(request, order):
            raise PermissionDenied
        return self.run_step(
            request,
            order,
            checklists.answer_supervision,
            _("Answer recorded."),
            order=order,
            response=request.POST.get("response", ""),
            by=request.user,
        )

    def close_view(self, request, object_id):
        order = self.get_object(request, str(object_id))
        if request.method != "POST" or not request.user.has_perm("incubators.add_supervisionorder"):
            raise PermissionDenied
        return self.run_step(
            request,
            order,
            checklists.close_supervision,
            _("Supervision order closed."),
            order=order,
            by=request.user,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        order = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_answer": order.status == SupervisionStatus.OPEN
            and self.has_change_permission(request, order),
            "can_close": order.status == SupervisionStatus.ANSWERED
            and request.user.has_perm("incubators.add_supervisionorder"),
            # Every field is read-only: the answer and closing have their own buttons.
            "show_save": False,
            "show_save_and_continue": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)
