"""Personal data in the admin: roles that may not see a phone or ID number
in full get its masked form in lists, forms and history, cannot edit it, and
cannot search or filter by it (either would reveal it one guess at a time).
Roles that may see it are logged when they do (orgs.privacy), and platform
administrators read that log here."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _

from lib.masking import MASKERS
from lib.paginators import BigListPaginator
from orgs.models import AccessLog, AccessSurface
from orgs.privacy import RESIDENT_CARERS, can_see, record_access, sees_resident

from .mixins import ReadableDeltas, ReadOnlyAdminMixin


class _MaskedChanges(ReadableDeltas):
    """The history's "changed from … to …", with the numbers masked."""

    def __init__(self, model, historical_record, *, masked: dict[str, str]):
        super().__init__(model, historical_record)
        self.masked = masked

    def prepare_delta_change_value(self, change, value):
        if change.field in self.masked:
            return MASKERS[self.masked[change.field]](value or "")
        return super().prepare_delta_change_value(change, value)


class PersonalDataAdminMixin:
    #: model field -> kind ("phone", "id_number", "name"); each needs a `<field>_masked` attribute
    personal_fields: dict[str, str] = {}

    def may_see(self, request, name: str, kind: str, obj=None) -> bool:
        """Whether the user sees field `name` in full: by role here; admins of
        records whose rule depends on the record (a resident's phone) override
        it, and answer for obj=None (lists, searches) whether the role may ever."""
        return can_see(request.user, kind)

    def _masked_for(self, request, obj=None) -> set[str]:
        return {
            name
            for name, kind in self.personal_fields.items()
            if not self.may_see(request, name, kind, obj)
        }

    def _swap(self, names, masked):
        return [f"{name}_masked" if name in masked else name for name in names]

    def get_list_display(self, request):
        return self._swap(super().get_list_display(request), self._masked_for(request))

    def get_fieldsets(self, request, obj=None):
        masked = self._masked_for(request, obj)
        return [
            (title, {**options, "fields": self._swap(options["fields"], masked)})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):
        masked = self._masked_for(request, obj)
        return [*super().get_readonly_fields(request, obj), *(f"{name}_masked" for name in masked)]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self._masked_for(request, obj)]

    def get_search_fields(self, request):
        masked = self._masked_for(request)
        return [
            field
            for field in super().get_search_fields(request)
            if field.lstrip("^=@").split(LOOKUP_SEP)[0] not in masked
        ]

    def lookup_allowed(self, lookup, value, request=None):
        # ?phone__startswith=139 in the changelist's address is a search too.
        if request is not None and lookup.split(LOOKUP_SEP)[0] in self._masked_for(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_historical_record_context_helper(self, request, historical_record):
        obj = getattr(historical_record, "instance", None)
        masked = {name: self.personal_fields[name] for name in self._masked_for(request, obj)}
        if not masked:
            return super().get_historical_record_context_helper(request, historical_record)
        return _MaskedChanges(self.model, historical_record, masked=masked)

    # --- the access log: one row a page that showed numbers in full -------------

    def _log(self, request, kinds, *, rows=1, object_id="", obj=None):
        opts = self.model._meta
        record_access(
            user=request.user,
            kinds=kinds,
            delivered={
                kind
                for name, kind in self.personal_fields.items()
                if kind in kinds and self.may_see(request, name, kind, obj)
            },
            surface=AccessSurface.ADMIN,
            what=f"{opts.app_label}.{opts.model_name}",
            rows=rows,
            object_id=object_id,
            path=request.path,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        listed = set(super().get_list_display(request))
        kinds = {kind for name, kind in self.personal_fields.items() if name in listed}
        if changelist is not None and kinds:
            # result_list is the page already fetched for the template: no query.
            self._log(request, kinds, rows=len(changelist.result_list))
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            self._log(request, self._kinds_in(obj), object_id=obj.pk, obj=obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        return self._logged_history(request, object_id, response)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        return self._logged_history(request, object_id, response)

    def _logged_history(self, request, object_id, response):
        """History pages show every personal field of the record's versions."""
        if response.status_code == 200:
            object_id = unquote(object_id)
            obj = self.get_object(request, object_id)
            self._log(request, set(self.personal_fields.values()), object_id=object_id, obj=obj)
        return response

    def _kinds_in(self, obj) -> set[str]:
        return {kind for name, kind in self.personal_fields.items() if getattr(obj, name, "")}


class ResidentDataAdminMixin(PersonalDataAdminMixin):
    """For records carrying a resident's name and phone (a ticket, a need):
    in full only to the people who answer the resident (orgs.privacy.sees_resident);
    lists and searches, which span records, only to the roles that ever may."""

    def may_see(self, request, name, kind, obj=None) -> bool:
        user = request.user
        if obj is None:
            return user.is_active and user.role in RESIDENT_CARERS
        return self.resident_visible(user, obj)

    def resident_visible(self, user, obj) -> bool:
        return sees_resident(user, community_code=obj.community.code)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the model has only the view permission, which platform
    administrators alone hold (orgs.auth gives them every permission)."""

    list_display = ["at", "user", "surface", "what_display", "object_id", "rows", "kinds_display"]
    fields = ["at", "user", "surface", "what_display", "object_id", "rows", "kinds_display", "path"]
    list_filter = ["surface"]
    list_select_related = ["user"]
    search_fields = ["^user__username", "user__name", "=what", "=object_id"]
    raw_id_fields = ["user"]
    show_full_result_count = False
    paginator = BigListPaginator

    @admin.display(description=_("accessed data"), ordering="what")
    def what_display(self, entry):
        return entry.what_label

    @admin.display(description=_("personal data"), ordering="kinds")
    def kinds_display(self, entry):
        labels = {"phone": _("phone"), "id_number": _("ID number")}
        return "、".join(str(labels.get(kind, kind)) for kind in entry.kinds.split(","))
