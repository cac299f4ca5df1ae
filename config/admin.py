"""The platform's admin site: its name, the apps in the order of the domain,
and what every list of the site accepts from its address."""

from datetime import MAXYEAR

from axes.apps import AppConfig as AxesAppConfig
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import todos

# The apps in the order they depend on each other; Django would sort them
# by name, which means nothing in Chinese.
APP_ORDER = ["orgs", "notifications", "downloads", "incubators", "projects", "grids", "assessments"]


YEAR_LOOKUPS = {"year", "iso_year"}


class CheckedChangeList(ChangeList):
    """Django's changelist, refusing as it refuses any filter value it cannot
    use (the list's redirect to `?e=1`) what Django would let through to a
    server error: a NUL character, which PostgreSQL cannot compare with text
    (`?name=%00`), and a year Python's dates cannot hold (`?created_at__year=99999`;
    the date hierarchy's 9999, whose year ends in 10000)."""

    def get_filters(self, request):
        for key, values in self.get_filters_params().items():
            for value in values:
                if "\x00" in value:
                    raise IncorrectLookupParameters(f"{key}: NUL")
                if YEAR_LOOKUPS & set(key.split(LOOKUP_SEP)[1:]) and not _is_year(value):
                    raise IncorrectLookupParameters(f"{key}: not a year")
                if any(_beyond_64_bits(part) for part in value.split(",")):
                    # SQLite cannot bind it (OverflowError when the list is counted).
                    raise IncorrectLookupParameters(f"{key}: number too large")
        try:
            return super().get_filters(request)
        except OverflowError as exc:
            raise IncorrectLookupParameters(exc) from exc


def _beyond_64_bits(text: str) -> bool:
    digits = text.strip().removeprefix("-")
    return digits.isascii() and digits.isdigit() and int(digits) > 2**63 - 1


def _is_year(value: str) -> bool:
    # The year after it must be a date too (a year's lookups run to its end),
    # and year 1 starts before year 1 in UTC.
    return value.isascii() and value.isdigit() and 1 < int(value) < MAXYEAR


class CheckedListMixin:
    """What every ModelAdmin of the site reads from its address through:
    the platform's own admins and those of the libraries alike."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete passes its `term` as typed (the list's search box
        # refuses a NUL itself); PostgreSQL cannot compare text holding one.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Community Social Organisation Platform")
    site_title = _("Community Social Organisation Platform")
    index_title = _("Workbench")
    # The admin wears the portal's header and navigation (templates/admin/base_site.html):
    # no second menu down the side, which took 300 px of a 1366 px screen from the lists.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model's admin reads its address through CheckedListMixin,
        whoever registers it (the libraries' groups, API tokens and login
        records included), the way Django builds a subclass for `options`."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedListMixin):
            admin_class = type(
                admin_class.__name__,
                (CheckedListMixin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        """The to-dos head the index (templates/admin/index.html): gathered
        before the page is drawn, so that its header counts them too."""
        extra_context = {"todos": todos.for_request(request), **(extra_context or {})}
        return super().index(request, extra_context)

    def get_app_list(self, request, app_label=None):
        """Apps in domain order; models in the order the app's config lists
        them in `admin_order` (the daily work first), then the rest."""
        app_dict = self._build_app_dict(request, app_label)
        rank = {label: index for index, label in enumerate(APP_ORDER)}
        for app in app_dict.values():
            order = getattr(apps.get_app_config(app["app_label"]), "admin_order", [])
            position = {name: index for index, name in enumerate(order)}
            app["models"].sort(
                key=lambda m: (position.get(m["object_name"].lower(), len(position)), m["name"])
            )
        return sorted(
            app_dict.values(), key=lambda app: (rank.get(app["app_label"], len(rank)), app["name"])
        )


class PlatformAdminConfig(AdminConfig):
    default_site = "config.admin.PlatformAdminSite"


class LoginLockoutsConfig(AxesAppConfig):
    """django-axes (failed logins and lockouts) under a Chinese name in the
    admin: axes gives its app none, so Django shows its code, "Axes"."""

    verbose_name = _("Login lockouts")

    def ready(self):
        super().ready()
        from axes.models import AccessLog

        # axes names a login record in English ("Access Log for …").
        AccessLog.__str__ = lambda log: (
            _("%(username)s at %(time)s")
            % {
                "username": log.username,
                "time": timezone.localtime(log.attempt_time).strftime("%Y-%m-%d %H:%M"),
            }
        )
