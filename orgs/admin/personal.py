"""Personal data in the admin: roles that may not see a phone or ID number
in full get its masked form in lists and forms, cannot edit it, and cannot
search by it (a search would reveal it one guess at a time)."""

from orgs.privacy import can_see


class PersonalDataAdminMixin:
    #: model field -> kind ("phone" or "id_number"); each needs a `<field>_masked` attribute
    personal_fields: dict[str, str] = {}

    def _masked_for(self, request) -> set[str]:
        return {
            name for name, kind in self.personal_fields.items() if not can_see(request.user, kind)
        }

    def _swap(self, names, masked):
        return [f"{name}_masked" if name in masked else name for name in names]

    def get_list_display(self, request):
        return self._swap(super().get_list_display(request), self._masked_for(request))

    def get_fieldsets(self, request, obj=None):
        masked = self._masked_for(request)
        return [
            (title, {**options, "fields": self._swap(options["fields"], masked)})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):
        masked = self._masked_for(request)
        return [*super().get_readonly_fields(request, obj), *(f"{name}_masked" for name in masked)]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self._masked_for(request)]

    def get_search_fields(self, request):
        masked = self._masked_for(request)
        return [
            field
            for field in super().get_search_fields(request)
            if field.lstrip("^=@") not in masked
        ]
