"""Text messages and opt-outs in the admin (who may: notifications/roles.py).

The message list is the record of every text (queued, sent, failed, not
sent and why), read-only, for platform administrators: the number masked,
and never a message's variables or its text, so a sign-in code cannot be
read there (only the DEBUG outbox shows it, on a development machine). A
failed message can be sent again once the provider's problem is fixed.

The opt-out list is where a street officer or community worker records a
resident who asked by phone to get no more messages (the number typed in
full, shown masked afterwards, as in the list); deleting it opts the number
back in.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.paginators import BigListPaginator
from lib.validators import MOBILE, normalise_phone
from orgs.admin.mixins import ReadOnlyAdminMixin

from . import texts
from .models import PhoneOptOut, TextMessage, TextStatus


@admin.register(TextMessage)
class TextMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """No role is granted the model: platform administrators only (they hold
    every permission, orgs.auth)."""

    _shown = [
        "created_at",
        "template",
        "phone_masked",
        "status",
        "skipped_because",
        "attempts",
        "error",
        "backend",
        "provider_id",
    ]
    list_display = _shown
    fields = [*_shown, "sent_at"]  # never `params` (a code) nor the rendered text
    readonly_fields = fields
    list_filter = ["status", "template"]
    show_full_result_count = False
    paginator = BigListPaginator
    actions = ["send_again"]

    @admin.display(description=gettext_lazy("phone"))
    def phone_masked(self, message):
        return message.phone_masked

    def get_search_results(self, request, queryset, search_term):
        """A number typed in full finds its messages (an administrator
        answering "did my message arrive?"); nothing else is searched."""
        phone = normalise_phone(search_term)
        if MOBILE.match(phone):
            return queryset.filter(phone=phone), False
        return (queryset.none() if search_term.strip() else queryset), False

    def get_search_fields(self, request):
        return ["phone"]  # shows the search box; get_search_results decides

    def has_resend_permission(self, request):
        return request.user.has_perm("notifications.change_textmessage")

    @admin.action(
        description=gettext_lazy("Send the selected failed messages again"),
        permissions=["resend"],
    )
    def send_again(self, request, queryset):
        count = texts.resend(list(queryset.filter(status=TextStatus.FAILED)))
        messages.success(request, _("%(count)d messages queued again.") % {"count": count})


class OptOutForm(forms.ModelForm):
    class Meta:
        model = PhoneOptOut
        fields = ["phone"]
        help_texts = {
            "phone": gettext_lazy(
                "The mobile number of the resident who asked to get no more text messages."
            )
        }

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise ValidationError(_("Enter a mobile number of 11 digits."))
        if PhoneOptOut.objects.filter(phone=phone).exists():
            raise ValidationError(_("This number has already opted out."))
        return phone


@admin.register(PhoneOptOut)
class PhoneOptOutAdmin(admin.ModelAdmin):
    """Not scoped: an opt-out belongs to a number, not to a place. Nothing
    to change: a number is added or deleted (opted back in)."""

    form = OptOutForm
    list_display = ["phone_masked", "at", "recorder"]
    list_select_related = ["recorded_by"]
    show_full_result_count = False
    paginator = BigListPaginator

    @admin.display(description=gettext_lazy("phone"))
    def phone_masked(self, opt_out):
        return opt_out.phone_masked

    @admin.display(description=gettext_lazy("recorded by"))
    def recorder(self, opt_out):
        # Its name, not a link to an account page the worker cannot open.
        return opt_out.recorded_by or _("The resident")

    def get_fields(self, request, obj=None):
        return ["phone"] if obj is None else ["phone_masked", "at", "recorder"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["phone_masked", "at", "recorder"]

    def get_search_results(self, request, queryset, search_term):
        """A number typed in full: is it opted out? No partial search (it
        would read numbers one guess at a time)."""
        phone = normalise_phone(search_term)
        if MOBILE.match(phone):
            return queryset.filter(phone=phone), False
        return (queryset.none() if search_term.strip() else queryset), False

    def get_search_fields(self, request):
        return ["phone"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
