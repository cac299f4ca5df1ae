from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    SetUnusablePasswordMixin,
    UserChangeForm,
    UserCreationForm,
)
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from orgs.models import User
from orgs.services import accounts

from .mixins import ScopedAdmin
from .personal import PersonalDataAdminMixin


class AccountCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "name", "role", "area", "organisation"]


class AccountChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class AccountPasswordForm(AdminPasswordChangeForm):
    # Django appends its warning to the help text in English, untranslated.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class AccountAdmin(PersonalDataAdminMixin, ScopedAdmin, DjangoUserAdmin):
    personal_fields = {"phone": "phone"}
    form = AccountChangeForm
    add_form = AccountCreationForm
    change_password_form = AccountPasswordForm
    list_display = ["username", "name", "role", "area", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    list_select_related = ["area", "organisation"]
    search_fields = ["^username", "name"]
    ordering = ["username"]
    autocomplete_fields = ["area", "organisation"]
    filter_horizontal = ["groups", "user_permissions"]
    readonly_fields = ["last_login", "date_joined", "must_change_password"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["name", "title", "phone", "email"]}),
        (_("Role and jurisdiction"), {"fields": ["role", "area", "organisation"]}),
        (
            _("Access"),
            {
                "fields": [
                    "is_active",
                    "must_change_password",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ],
                "classes": ["collapse"],
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "name",
                    "role",
                    "area",
                    "organisation",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    change_form_template = "admin/orgs/user/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The one-time password reset (orgs.services.accounts), for the
        # accounts this officer may recover (PASSWORD_RESETS in orgs.roles).
        may_reset = (
            object_id.isdigit()
            and User.objects.resettable_by(request.user).filter(pk=object_id).exists()
        )
        extra_context = {**(extra_context or {}), "may_reset_password": may_reset}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read only: the password's summary links to the page that sets a
        # new one, which those who may only read the account cannot open.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            accounts.end_tokens(user=obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "phone" and field is not None:
            field.widget = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})
        return field
