"""What providers offer and each community's exchange rule, kept by the
community worker (and the street and district for their areas).

An offer's stock moves with every exchange, return and expiry
(mall.services), so its change form never writes the number it showed when
it was opened: the stock is read-only there, and the worker adds to it (or,
negative, takes out) by a number applied to the row as it is then, under
its lock."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgs.admin import ScopedAdmin

from .models import ExchangeRule, Offer

FIELDS = ["provider", "name", "description", "points", "stock", "active", "communities"]


def _short_of(stock: int, added: int) -> str:
    return gettext(
        "Only %(stock)d left in stock now: you can take out at most %(stock)d, not %(taken)d."
    ) % {"stock": stock, "taken": -added}


def _locked_stock(pk) -> int:
    return Offer.objects.select_for_update().values_list("stock", flat=True).get(pk=pk)


class OfferForm(forms.ModelForm):
    add_to_stock = forms.IntegerField(
        label=_("add to stock"),
        required=False,
        initial=0,
        help_text=_(
            "Items added now (negative to take some out). Exchanges and returns made "
            "while this page was open are kept."
        ),
    )

    class Meta:
        model = Offer
        fields = FIELDS

    def clean_add_to_stock(self):
        added = self.cleaned_data.get("add_to_stock") or 0
        if added < 0 and self.instance.pk:
            # The admin's change view is one transaction: the lock taken
            # here holds until the save, so the check stays true.
            stock = _locked_stock(self.instance.pk)
            if stock + added < 0:
                raise ValidationError(_short_of(stock, added))
        return added


@admin.register(Offer)
class OfferAdmin(ScopedAdmin):
    form = OfferForm
    list_display = ["name", "provider", "points", "stock", "active"]
    list_select_related = ["provider"]
    list_filter = ["active"]
    search_fields = ["name", "provider__name"]
    autocomplete_fields = ["provider", "communities"]
    fields = FIELDS

    def get_fields(self, request, obj=None):
        if obj is None:
            return FIELDS
        return [*FIELDS[: FIELDS.index("stock") + 1], "add_to_stock", *FIELDS[5:]]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if obj is None else [*readonly, "stock"]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        added = form.cleaned_data.get("add_to_stock") or 0
        with transaction.atomic():
            stock = _locked_stock(obj.pk)
            if stock + added < 0:
                raise ValidationError(_short_of(stock, added))
            if added:
                Offer.objects.filter(pk=obj.pk).update(stock=F("stock") + added)
            # The row as it is now, not as the page showed it: the save
            # below writes this same number (and records it in the history).
            obj.stock = stock + added
            super().save_model(request, obj, form, change)


@admin.register(ExchangeRule)
class ExchangeRuleAdmin(ScopedAdmin):
    list_display = ["community", "monthly_cap", "pickup_days", "note"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    fields = ["community", "monthly_cap", "pickup_days", "note"]
