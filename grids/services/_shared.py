"""Who a ticket's notice goes to, and where it links: shared by the steps."""

from django.urls import reverse

from notifications.services import Message, send
from orgs.models import User


def _staff(area, roles):
    return User.objects.filter(is_active=True, role__in=roles, area=area)


def _link(ticket, user):
    """The page of the ticket that `user` can open: the queue's page in the
    admin for those who work there, the portal's for everyone else (a
    leader, a grid member), whom the admin would only send to its login."""
    if user.is_staff:
        return reverse("admin:grids_ticket_change", args=[ticket.pk])
    return reverse("grids:ticket", args=[ticket.pk])


def _tell(users, title, body, ticket, *, key: str = ""):
    """The same notice to each of `users`, each linking to the ticket's page
    they can open."""
    return send([Message(user, title, body, _link(ticket, user)) for user in users], key=key)
