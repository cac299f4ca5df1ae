"""The usual way for benchmark 5: Django's stock ModelAdmin on a second admin
site, with the platform's list columns and filters but none of its care
(no list_select_related, the default paginator and full result count).
A URLconf for the benchmark only: the platform's URLs plus /usual-admin/."""

from django.contrib import admin
from django.urls import path

from config.urls import urlpatterns as platform_urls
from grids.models import Ticket
from orgs.models import Organisation
from projects.models import Bid

site = admin.AdminSite(name="usual_admin")


class UsualAdmin(admin.ModelAdmin):
    # Django's own templates, not the platform's (which link its extra views).
    change_list_template = "admin/change_list.html"
    change_form_template = "admin/change_form.html"


@admin.register(Organisation, site=site)
class OrganisationAdmin(UsualAdmin):
    list_display = ["name", "area", "category", "tier", "filing_status", "status", "star_rating"]
    list_filter = ["status", "tier", "filing_status", "category", "is_brand"]
    search_fields = ["name"]

    def lookup_allowed(self, lookup, value, request=None):
        return True


@admin.register(Ticket, site=site)
class TicketAdmin(UsualAdmin):
    list_display = [
        "id",
        "category",
        "community",
        "grid",
        "status",
        "due_on",
        "escalation",
        "reported_at",
    ]
    list_filter = ["status", "escalation", "category", "source"]
    ordering = ["due_on", "-reported_at"]


@admin.register(Bid, site=site)
class BidAdmin(UsualAdmin):
    list_display = ["project", "organisation", "status", "submitted_at"]
    list_filter = ["status"]

    def lookup_allowed(self, lookup, value, request=None):
        return True


urlpatterns = [path("usual-admin/", site.urls), *platform_urls]
