"""Who a ticket's notice goes to, and where it links: shared by the steps."""

from django.urls import reverse

from orgs.models import User


def _staff(area, roles):
    return User.objects.filter(is_active=True, role__in=roles, area=area)


def _link(ticket):
    return reverse("admin:grids_ticket_change", args=[ticket.pk])
