"""What providers offer and each community's exchange rule, kept by the
community worker (and the street and district for their areas)."""

from django.contrib import admin

from orgs.admin import ScopedAdmin

from .models import ExchangeRule, Offer


@admin.register(Offer)
class OfferAdmin(ScopedAdmin):
    list_display = ["name", "provider", "points", "stock", "active"]
    list_select_related = ["provider"]
    list_filter = ["active"]
    search_fields = ["name", "provider__name"]
    autocomplete_fields = ["provider", "communities"]
    fields = ["provider", "name", "description", "points", "stock", "active", "communities"]


@admin.register(ExchangeRule)
class ExchangeRuleAdmin(ScopedAdmin):
    list_display = ["community", "monthly_cap", "pickup_days", "note"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    fields = ["community", "monthly_cap", "pickup_days", "note"]
