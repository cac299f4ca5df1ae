"""Admin pages for spreadsheet import: upload → check → confirm → import (all
rows or none). The checking and the writing run in the background
(orgs.services.imports, orgs.importing.jobs): the upload answers at once with
the job's page, which follows the work and keeps the result, the problems
with their rows and the file's own column headings, or what was written,
for the officer who sent it, and for nobody else."""

import io

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lib.screens import run_service
from orgs.importing.base import ImportReport
from orgs.importing.template import write_template
from orgs.models import ImportJob, ImportState
from orgs.services.imports import confirm_import, start_import
from orgs.spreadsheets import XLSX

SHOWN_PROBLEMS = 1000


class SpreadsheetImportMixin:
    """Adds an import page and a template download to a ModelAdmin.

    Subclasses set `import_kind` (a key of orgs.importing.jobs.IMPORTERS),
    `import_fields` (the ledger's LedgerFields),
    `import_title`, `import_example` (a row for the template) and may
    override `get_import_choices` (drop-down lists for the template).
    """

    import_kind = ""
    import_fields: list = []
    import_title = ""
    import_example: dict = {}

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def get_import_choices(self) -> dict:
        return {}

    @property
    def import_template_url_name(self):
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_import_template"

    def get_import_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            path(
                "import/template/",
                self.admin_site.admin_view(self.template_view),
                name=f"{prefix}_import_template",
            ),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_job_view),
                name=f"{prefix}_import_job",
            ),
        ]

    def template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        buffer = io.BytesIO()
        write_template(
            buffer,
            title=str(self.import_title),
            fields=self.import_fields,
            example=self.import_example,
            choices=self.get_import_choices(),
        )
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{self.import_title}.xlsx"
        )
        return response

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "import_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_import")
            if self.has_import_permission(request)
            else None,
        }
        return super().changelist_view(request, extra_context)

    def _import_context(self, request) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.import_title,
            "template_url": reverse(f"admin:{self.import_template_url_name}"),
            "max_mb": settings.IMPORT_MAX_BYTES // 1_048_576,
            "max_rows": settings.IMPORT_MAX_ROWS,
        }

    def _job_url(self, job_id: int) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import_job", args=[job_id])

    def import_view(self, request):
        """The upload form and the officer's recent imports of this ledger;
        an upload is staged and its check queued, then its page is shown."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = self._import_context(request)
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                context["file_error"] = _("Choose a file to import.")
            else:
                started = run_service(
                    request, start_import, user=request.user, kind=self.import_kind, upload=upload
                )
                if started:
                    return HttpResponseRedirect(self._job_url(started.value.pk))
        context["jobs"] = [
            (job, self._job_url(job.pk))
            for job in ImportJob.objects.filter(owner=request.user, kind=self.import_kind).defer(
                "report"
            )[:10]
        ]
        return TemplateResponse(request, "admin/orgs/import.html", context)

    def import_job_view(self, request, pk):
        """One import: its progress while it runs (the page refreshes itself),
        then its report; a checked file is confirmed here (POST)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk, owner=request.user, kind=self.import_kind)
        if request.method == "POST":
            run_service(request, confirm_import, user=request.user, job_id=job.pk)
            return HttpResponseRedirect(self._job_url(job.pk))
        opts = self.model._meta
        report = ImportReport.from_dict(job.report) if job.report else None
        context = {
            **self._import_context(request),
            "job": job,
            "report": report,
            # a page that renders in well under two seconds, however bad the file
            "problems": report.problems[:SHOWN_PROBLEMS] if report else [],
            "more_problems": max(0, len(report.problems) - SHOWN_PROBLEMS) if report else 0,
            "states": ImportState,
            "import_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
            "list_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        }
        return TemplateResponse(request, "admin/orgs/import_job.html", context)
