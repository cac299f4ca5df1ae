"""What waits in this app (lib/todos.py): filings for the street to review."""

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from lib.todos import Todo, admin_change, admin_list, one_or_many

from .models import FilingApplication
from .roles import Role


def filings(user, today):
    """Street officers review their street's filings (orgs.review_filing)."""
    if user.role != Role.STREET_OFFICER:
        return []
    found = (
        FilingApplication.objects.for_user(user).pending().aggregate(n=Count("pk"), last=Max("pk"))
    )
    url = one_or_many(
        found,
        lambda pk: admin_change(FilingApplication, pk),
        admin_list(FilingApplication, "status__exact=submitted"),
    )
    return [Todo("orgs.filings", _("Filings to review"), found["n"], url, order=10)]


PROVIDERS = [filings]
