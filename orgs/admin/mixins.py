"""Jurisdiction in the admin, applied once for every model that has it.

`ScopedAdmin` (or `ScopedAdminMixin` for inlines and other bases) makes the
admin read through `ScopedQuerySet.for_user`:

- changelists, and with them every action's queryset;
- change, delete and history views: a row outside the jurisdiction is a 404,
  exactly like a row that does not exist;
- foreign-key and many-to-many choices, raw-id lookups and autocompletes
  (the autocomplete reuses the related admin's `get_queryset`);
- related-field list filters, which would otherwise list every area's name;
- links from a read-only field to its related record, shown only when the
  user can open that record (Django links every one, which gives 403 or 404
  for a record outside the user's jurisdiction or permissions).
"""

import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin.helpers import AdminReadonlyField
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, unquote
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from import_export.admin import ExportActionMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from lib.paginators import BigListPaginator
from lib.screens import ServiceAdminMixin
from lib.spreadsheets.writer import DATE, DATETIME, DECIMAL, INTEGER, TEXT, Column, ExportInfo
from orgs.scoping import ScopedQuerySet
from orgs.spreadsheets import file_stamp, write_spreadsheet


def _scoped_choices(model, request):
    qs = model._default_manager.all()
    if isinstance(qs, ScopedQuerySet):
        return qs.for_user(request.user)
    return None


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field filter that lists only the related rows the user may see."""

    def field_choices(self, field, request, model_admin):
        qs = _scoped_choices(field.related_model, request)
        if qs is None:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            qs = qs.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in qs]


class ReadableDeltas(HistoricalRecordContextHelper):
    """The history's "what changed" in words: a choice's label rather than its
    stored value (已受理, not "accepted"), an empty link as empty rather
    than "Deleted … (pk=None)", and the shortening mark in Chinese."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return "-"
            return _("deleted %(name)s #%(pk)s") % {
                "name": value.model._meta.verbose_name,
                "pk": value.pk,
            }
        if value is None or value == "":
            return "-"
        if field.choices and not field.many_to_many:
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, models.BooleanField):
            return _("Yes") if value else _("No")
        return super().prepare_delta_change_value(change, value)

    def stringify_delta_change_values(self, change, old, new):
        def cut(text):
            return mark_safe(SHORTENED.sub(_shortened, text))  # the mark is ours: safe

        return tuple(cut(text) for text in super().stringify_delta_change_values(change, old, new))


SHORTENED = re.compile(r"\[(\d+) chars\]")


def _shortened(match) -> str:
    return _("[%(count)s characters left out]") % {"count": match.group(1)}


_django_admin_url = AdminReadonlyField.get_admin_url


def _openable(site, request, model, ids) -> set:
    """Those of `ids` whose admin page the user can open: the model's admin
    grants the view and the row is in the user's jurisdiction."""
    related = site._registry.get(model)
    if not ids or related is None or not related.has_view_or_change_permission(request):
        return set()
    return set(related.get_queryset(request).filter(pk__in=ids).values_list("pk", flat=True))


def _admin_url_if_openable(self, remote_field, remote_obj):
    """A read-only related field links to the record only if the user asking
    can open it: the related admin grants the view and the record is in the
    user's jurisdiction. The request is the one ScopedAdminMixin marks the
    page's forms with; on other admins' pages Django's link stays."""
    request = getattr(self.form, "_admin_request", None)
    if request is not None:
        # Asked once per record and request: an inline's rows name the same
        # few accounts again and again.
        known = request.__dict__.setdefault("_openable_records", {})
        key = (remote_field.model._meta.label, remote_obj.pk)
        if key not in known:
            site = self.model_admin.admin_site
            known[key] = bool(_openable(site, request, remote_field.model, {remote_obj.pk}))
        if not known[key]:
            return str(remote_obj)
    return _django_admin_url(self, remote_field, remote_obj)


AdminReadonlyField.get_admin_url = _admin_url_if_openable


class ScopedAdminMixin:
    def render_change_form(self, request, context, *args, **kwargs):
        # Read-only fields' links are checked against this request (above).
        context["adminform"].form._admin_request = request
        for inline in context.get("inline_admin_formsets", []):
            for form in inline.formset.forms:
                form._admin_request = request
        return super().render_change_form(request, context, *args, **kwargs)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not isinstance(qs, ScopedQuerySet):
            raise ImproperlyConfigured(
                f"{type(self).__name__} scopes by jurisdiction, but {self.model.__name__}'s "
                "manager is not a ScopedQuerySet."
            )
        return qs.for_user(request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such record in your jurisdiction."))
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            qs = self._scoped_field_queryset(db_field, request)
            if qs is not None:
                kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            qs = self._scoped_field_queryset(db_field, request)
            if qs is not None:
                kwargs["queryset"] = qs
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scoped_field_queryset(self, db_field, request):
        model = db_field.remote_field.model
        qs = _scoped_choices(model, request)
        if qs is None:
            return None
        related_admin = self.admin_site._registry.get(model)
        if related_admin is not None:
            ordering = related_admin.get_ordering(request)
            if ordering:
                qs = qs.order_by(*ordering)
        return qs

    def export_list(self, request, build):
        """The whole changelist with its current filters and search, exported
        by `build(queryset, fmt=..., scope=...)`: `?format=csv` or xlsx, and
        the filters written out as the file's scope.

        A filter the list does not know gets the list's own answer: Django's
        changelist sends the user back to the list with `?e=1`; so does the
        export, saying that nothing was exported (it used to be a server
        error). A lookup the list forbids is the list's 400."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        request.GET = request.GET.copy()
        request.GET.pop("format", None)  # ours, not a changelist filter
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return self.export_refused(request)
        scope = "; ".join(f"{key}={value}" for key, value in request.GET.items())
        return build(changelist.get_queryset(request), fmt=fmt, scope=scope)

    def export_refused(self, request):
        messages.error(request, _("The list has no such filter, so nothing was exported."))
        opts = self.model._meta
        changelist = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.admin_site.name
        )
        return HttpResponseRedirect(f"{changelist}?{ERROR_FLAG}=1")

    def get_valid_export_item_pks(self, request):
        # django-import-export validates posted export ids against every row
        # of the table by default; the user's own rows are the valid ones.
        return self.get_queryset(request).values_list("pk", flat=True)

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last historical copy when the live
        # row is not in get_queryset(): check the jurisdiction first.
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        if request.method == "POST":
            # A past version is read only: simple-history would save the posted
            # form over the live row, on the view permission alone and past the
            # services (SIMPLE_HISTORY_REVERT_DISABLED only hides the button).
            raise PermissionDenied
        if not str(version_id).isdigit():  # simple-history would query with it: a 500
            raise Http404(_("No such record in your jurisdiction."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableDeltas(self.model, historical_record)

    def render_history_view(self, request, template, context, **kwargs):
        if "adminform" in context:  # a past version, read only
            context["adminform"].form._admin_request = request
        if "page_obj" in context:  # the list: who changed each version
            ids = {r.history_user_id for r in context["page_obj"] if r.history_user_id}
            context["openable_users"] = _openable(self.admin_site, request, get_user_model(), ids)
        return super().render_history_view(request, template, context, **kwargs)

    def get_list_filter(self, request):
        return [self._scope_list_filter(item) for item in super().get_list_filter(request)]

    def _scope_list_filter(self, item):
        if not isinstance(item, str):
            return item
        try:
            field = get_fields_from_path(self.model, item)[-1]
        except (FieldDoesNotExist, NotRelationField):  # the admin's checks report bad paths
            return item
        if field.is_relation and isinstance(
            field.related_model._default_manager.all(), ScopedQuerySet
        ):
            return (item, ScopedRelatedFieldListFilter)
        return item


class ScopedAdmin(ScopedAdminMixin, ServiceAdminMixin, SimpleHistoryAdmin):
    """The base for every admin of filed records: scoped, with its history,
    and its services' refusals shown as messages (lib.screens)."""

    show_full_result_count = False  # one COUNT per page is enough on big tables
    paginator = BigListPaginator  # no count of a whole million-row table, deep pages by id


class ExportFieldsForm(SelectableFieldsExportForm):
    """django-import-export's "which columns" form, naming each column by its
    heading in the file (the field's verbose name) rather than by its code
    name in English ("Code (区划代码)")."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return str(field.column_name) if field is not None and field.column_name else field_name


class ScopedExportAdmin(ScopedAdminMixin, ServiceAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    """ScopedAdmin with django-import-export's "export selected" action.

    For small exports only: it builds the whole sheet in memory. The file is
    written by the platform's own writer, like every other export: text
    cells never run as formulas, and the file says who exported it and when.
    """

    show_full_result_count = False
    paginator = BigListPaginator
    export_form_class = ExportFieldsForm

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:  # read from the list's filters in the address
            return self.export_refused(request)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not isinstance(file_format, base_formats.XLSX | base_formats.CSV):
            return super().get_export_data(file_format, request, queryset, **kwargs)
        if not self.has_export_permission(request):
            raise PermissionDenied
        dataset = self.get_data_for_export(request, queryset, force_native_type=True, **kwargs)
        rows = [dataset[i] for i in range(dataset.height)]
        columns = [
            Column(header, _kind_of([row[index] for row in rows]), 16)
            for index, header in enumerate(dataset.headers)
        ]
        info = ExportInfo.by(request.user, title=str(self.model._meta.verbose_name_plural))
        buffer = io.BytesIO()
        fmt = "csv" if isinstance(file_format, base_formats.CSV) else "xlsx"
        write_spreadsheet(buffer, fmt, columns, rows, info)
        return buffer.getvalue()

    def get_export_filename(self, request, queryset, file_format):
        stamp = file_stamp(request.user)
        return f"{self.model._meta.model_name}-{stamp}.{file_format.get_extension()}"


def _kind_of(values) -> str:
    """The cell type a column of native values fits: numbers and dates stay
    numbers and dates in Excel; anything else is text."""
    present = [v for v in values if v is not None and v != ""]
    if not present or any(isinstance(v, bool) for v in present):
        return TEXT
    if all(isinstance(v, int) for v in present):
        return INTEGER
    if all(isinstance(v, int | float | Decimal) for v in present):
        return DECIMAL
    if all(isinstance(v, datetime) for v in present):
        return DATETIME
    if all(isinstance(v, date) for v in present):
        return DATE
    return TEXT


class ReadOnlyAdminMixin:
    """Records written by the platform itself (rollup results, sealed bids,
    the access log): to read, never to add, edit or delete by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentLinesMixin:
    """For inlines holding the lines of a document (a plan's items, a task
    list's tasks, a report's entries): the lines are edited with the
    document, so the inline follows the document's permissions rather than
    asking for permissions on the line model that no role is given."""

    def _document_perm(self, request, action):
        opts = self.parent_model._meta
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def has_view_permission(self, request, obj=None):
        return self._document_perm(request, "view") or self._document_perm(request, "change")

    def has_change_permission(self, request, obj=None):
        return self._document_perm(request, "change" if obj is not None else "add")

    def has_add_permission(self, request, obj=None):
        return self._document_perm(request, "change" if obj is not None else "add")

    def has_delete_permission(self, request, obj=None):
        return self._document_perm(request, "change" if obj is not None else "add")
