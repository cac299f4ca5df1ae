"""The points mall's rules, and its only writer.

Locks, always in this order, so two transactions never wait on each other:
the volunteer's Person row (the points ledger's lock, as in
orgs.services.volunteering), then the Offer row (its stock), then the
Exchange row. A pickup locks only the Exchange. So the balance and the
stock are checked and changed by one transaction at a time and never go
below zero (the stock has a CheckConstraint too), and a code is confirmed
once, however many clerks enter it at the same moment.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import clock
from orgs.models import Area, Person, PointsEntry, PointsKind, Provider, ProviderClerk
from orgs.services import volunteering
from volunteers.models import Volunteer

from .models import (
    DEFAULT_MONTHLY_CAP,
    DEFAULT_PICKUP_DAYS,
    Exchange,
    ExchangeRule,
    ExchangeStatus,
    Offer,
)

# No 0/O, 1/I/L: a code read aloud at a counter or typed from a screenshot.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def confirmed_volunteer(phone: str | None) -> Volunteer | None:
    if not phone:
        return None
    return Volunteer.objects.confirmed().filter(phone=phone).select_related("person").first()


def clerk_for(phone: str | None) -> ProviderClerk | None:
    if not phone:
        return None
    return (
        ProviderClerk.objects.filter(phone=phone, provider__active=True)
        .select_related("provider")
        .first()
    )


def offers_q(community) -> Q:
    """Offers of the community: named for it, or of a provider serving its
    area (the community or its street) that names no community."""
    serving = Q(communities__isnull=True) & Q(provider__area__code__in=_codes_above(community.code))
    return Q(communities=community) | serving


def _codes_above(code: str) -> list[str]:
    # Area codes are materialised paths: the community and every area above it.
    return list(
        Area.objects.filter(code__in=[code[:n] for n in range(1, len(code) + 1)]).values_list(
            "code", flat=True
        )
    )


def offers_for(community):
    return (
        Offer.objects.filter(offers_q(community), active=True, provider__active=True)
        .select_related("provider")
        .distinct()
        .order_by("points", "name", "pk")
    )


def rule_for(community) -> ExchangeRule:
    rule = ExchangeRule.objects.filter(community=community).first()
    return rule or ExchangeRule(
        community=community, monthly_cap=DEFAULT_MONTHLY_CAP, pickup_days=DEFAULT_PICKUP_DAYS
    )


def _month_start():
    now = timezone.localtime(clock.now())
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def exchanges_this_month(person) -> int:
    # Cancelled and expired exchanges gave their points back: they do not count.
    return Exchange.objects.filter(
        person=person,
        created_at__gte=_month_start(),
        status__in=[ExchangeStatus.AWAITING, ExchangeStatus.PICKED_UP],
    ).count()


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Exchange.objects.open().filter(code=code).exists():
            return code


def exchange(*, phone: str | None, offer_id: int) -> Exchange:
    """A confirmed volunteer spends points on one item of an offer."""
    volunteer = confirmed_volunteer(phone)
    if volunteer is None:
        raise ValidationError(
            _("Only a volunteer confirmed by their community can exchange points.")
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=volunteer.person_id)
        offer = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("provider")
            .filter(pk=offer_id)
            .first()
        )
        if (
            offer is None
            or not (offer.active and offer.provider.active)
            or not offers_for(person.community).filter(pk=offer.pk).exists()
        ):
            raise ValidationError(_("This offer is not available in your community."))
        if offer.stock < 1:
            raise ValidationError(_("Sorry, %(name)s is out of stock.") % {"name": offer.name})
        rule = rule_for(person.community)
        if exchanges_this_month(person) >= rule.monthly_cap:
            raise ValidationError(
                _("You have made %(cap)d exchanges this month, the most your community allows.")
                % {"cap": rule.monthly_cap}
            )
        today = clock.today()
        spent = volunteering.exchange_points(
            person=person, points=offer.points, description=offer.name[:120], on=today, by=None
        )
        offer.stock -= 1
        offer.save(update_fields=["stock"])
        return Exchange.objects.create(
            person=person,
            offer=offer,
            points=offer.points,
            code=_new_code(),
            expires_at=clock.now() + timedelta(days=rule.pickup_days),
            spent=spent,
        )


def cancel(*, phone: str | None, exchange_id: int) -> Exchange:
    """The volunteer gives back an exchange not picked up: points and stock return."""
    volunteer = confirmed_volunteer(phone)
    found = Exchange.objects.filter(
        pk=exchange_id, person_id=volunteer.person_id if volunteer else None
    ).first()
    if found is None:
        raise ValidationError(_("No such exchange of yours."))
    returned = _give_back(found.pk, ExchangeStatus.CANCELLED)
    if returned is None:
        raise ValidationError(_("Only an exchange awaiting pickup can be cancelled."))
    return returned


def _give_back(exchange_id: int, status: str) -> Exchange | None:
    """Points and stock back, once: None if the exchange is no longer open."""
    with transaction.atomic():
        row = Exchange.objects.filter(pk=exchange_id).values("person_id", "offer_id").first()
        if row is None:
            return None
        person = Person.objects.select_for_update().get(pk=row["person_id"])
        offer = Offer.objects.select_for_update().get(pk=row["offer_id"])
        found = Exchange.objects.select_for_update().filter(pk=exchange_id).open().first()
        if found is None:
            return None  # picked up, cancelled or returned meanwhile
        description = (
            _("Cancelled: %(name)s")
            if status == ExchangeStatus.CANCELLED
            else _("Not picked up: %(name)s")
        ) % {"name": offer.name}
        found.returned = PointsEntry.objects.create(
            person=person,
            kind=PointsKind.RETURNED,
            points=found.points,
            occurred_on=clock.today(),
            description=description[:120],
            recorded_by=None,
        )
        offer.stock += 1
        offer.save(update_fields=["stock"])
        found.status = status
        found.closed_at = clock.now()
        found.save(update_fields=["returned", "status", "closed_at"])
        return found


def expire_overdue() -> int:
    """Give back every exchange not picked up by its time: one transaction
    each, guarded by its status, so a rerun or a worker killed half-way
    returns nothing twice and loses nothing."""
    due = list(
        Exchange.objects.open()
        .filter(expires_at__lte=clock.now())
        .order_by("expires_at", "pk")
        .values_list("pk", flat=True)
    )
    return sum(_give_back(pk, ExchangeStatus.EXPIRED) is not None for pk in due)


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def confirm_pickup(*, phone: str | None, code: str) -> Exchange:
    """The clerk confirms that the volunteer took the item: once per code."""
    clerk = clerk_for(phone)
    if clerk is None:
        raise ValidationError(_("This phone is not a clerk of any provider in the mall."))
    code = normalise_code(code)
    with transaction.atomic():
        found = (
            Exchange.objects.select_for_update(of=("self",))
            .select_related("offer")
            .filter(code=code, status=ExchangeStatus.AWAITING)
            .first()
        )
        if found is None:
            raise ValidationError(_why_not_open(code, clerk.provider))
        if found.offer.provider_id != clerk.provider_id:
            # Codes are unique only while open: this provider's own closed
            # exchange with the code answers before someone else's open one.
            raise ValidationError(_why_not_open(code, clerk.provider))
        if found.expires_at <= clock.now():
            raise ValidationError(
                _("This code expired on %(day)s; the points go back to the volunteer.")
                % {"day": timezone.localtime(found.expires_at).strftime("%Y-%m-%d %H:%M")}
            )
        found.status = ExchangeStatus.PICKED_UP
        found.closed_at = clock.now()
        found.save(update_fields=["status", "closed_at"])
        return found


def _why_not_open(code: str, provider: Provider) -> str:
    """Why `code` opens nothing here: this provider's most recent exchange with
    it, in whatever status, before any other provider's (codes are unique
    only while an exchange is open, so an old one may be reused elsewhere)."""
    if not code:
        return _("No exchange has this code. Check it with the volunteer.")
    latest = Exchange.objects.filter(code=code).order_by("-created_at", "-pk")
    last = latest.filter(offer__provider=provider).first()
    if last is None or last.status == ExchangeStatus.AWAITING:
        if last is None and not latest.exists():
            return _("No exchange has this code. Check it with the volunteer.")
        return _("This code is for another provider's offer.")
    if last.status == ExchangeStatus.PICKED_UP:
        return _("This code has already been used: the item was picked up on %(day)s.") % {
            "day": timezone.localtime(last.closed_at).strftime("%Y-%m-%d %H:%M")
        }
    if last.status == ExchangeStatus.EXPIRED:
        return _("This code has expired; the points went back to the volunteer.")
    return _("This exchange was cancelled; the points went back to the volunteer.")
