"""Admin pages for spreadsheet import: upload → check (nothing written) →
confirm → import (all rows or none). The checked file waits between the two
steps in the private storage (orgs.importing.staging), so the confirmation may
reach another web machine, under a signed, user-bound token, so a confirmation cannot be replayed
by someone else or against another file."""

import io

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lib.spreadsheets.reader import SpreadsheetError
from orgs.importing import staging
from orgs.importing.template import write_template
from orgs.spreadsheets import XLSX

SALT = "orgs.import"


class SpreadsheetImportMixin:
    """Adds an import page and a template download to a ModelAdmin.

    Subclasses set `import_function` (a staticmethod: upload, user=, commit=
    -> ImportReport), `import_fields` (the ledger's LedgerFields),
    `import_title`, `import_example` (a row for the template) and may
    override `get_import_choices` (drop-down lists for the template).
    """

    import_function = None
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

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.import_title,
            "template_url": reverse(f"admin:{self.import_template_url_name}"),
            "max_mb": settings.IMPORT_MAX_BYTES // 1_048_576,
            "max_rows": settings.IMPORT_MAX_ROWS,
        }
        if request.method == "POST" and request.POST.get("token"):
            return self._confirm(request, context)
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                context["file_error"] = _("Choose a file to import.")
            else:
                return self._check(request, upload, context)
        return TemplateResponse(request, "admin/orgs/import.html", context)

    def _check(self, request, upload, context):
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        file = SimpleUploadedFile(upload.name, data)
        try:
            report = self.import_function(file, user=request.user, commit=False)
        except SpreadsheetError as exc:
            context["file_error"] = str(exc)
            return TemplateResponse(request, "admin/orgs/import.html", context)
        context["report"] = report
        if report.ok:
            name = staging.stage(data, upload.name)
            context["token"] = signing.dumps(
                {"file": name, "user": request.user.pk, "name": upload.name}, salt=SALT
            )
        return TemplateResponse(request, "admin/orgs/import.html", context)

    def _confirm(self, request, context):
        try:
            token = signing.loads(request.POST["token"], salt=SALT, max_age=3600)
        except signing.BadSignature:
            token = None
        data = staging.load(token["file"]) if token and token["user"] == request.user.pk else None
        if data is None:
            context["file_error"] = _("This check has expired: upload the file again.")
            return TemplateResponse(request, "admin/orgs/import.html", context)
        file = SimpleUploadedFile(token["name"], data)
        try:
            report = self.import_function(file, user=request.user, commit=True)
        except SpreadsheetError as exc:
            context["file_error"] = str(exc)
            return TemplateResponse(request, "admin/orgs/import.html", context)
        if not report.committed:
            context["report"] = report  # the data changed since the check
            return TemplateResponse(request, "admin/orgs/import.html", context)
        staging.discard(token["file"])
        messages.success(
            request,
            _("Imported: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.")
            % {"new": report.new, "updated": report.updated, "unchanged": report.unchanged},
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
