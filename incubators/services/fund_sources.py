"""Which source an entry of a fund is booked to (see incubators.services.funds):
money in names it; an allocation or a payment from free money draws on one
source with enough free money in the fund (when none has enough and none is
named, on the fund as a whole: "unspecified"); a payment against an
allocation, and a release, carry the allocation's source. Called under the
fund's lock."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Fund, FundSource
from .fund_sums import INFLOWS, ZERO, by_source


def _sources_in_order(found: dict) -> list[int | None]:
    """The sources a fund holds money of, in the list's order; unspecified last."""
    named = FundSource.objects.filter(pk__in=[k for k in found if k is not None])
    return [*named.values_list("pk", flat=True), *([None] if None in found else [])]


def _source_named(source) -> FundSource | None:
    if source is None or isinstance(source, FundSource):
        return source
    return FundSource.objects.get(pk=source)


def _draw_source(fund: Fund, amount: Decimal, source: FundSource | None):
    """The source an allocation or a payment from free money draws on, with
    enough free money in this fund; under the fund's lock."""
    free = {key: p.free for key, p in by_source(fund).items()}
    if source is not None:
        left = free.get(source.pk, ZERO)
        if amount > left:
            raise ValidationError(
                {
                    "source": _("Only %(free)s yuan of %(source)s is free in this fund.")
                    % {"free": left, "source": source}
                }
            )
        return source
    for key in _sources_in_order(free):
        if amount <= free[key]:
            return _source_named(key)
    # No one source covers it (an award of 100,000 yuan from a fund holding
    # 60,000 of each of two): it draws on the fund as a whole, which the
    # fund's own check holds (never more than the fund has free), and reads
    # as "unspecified" in the figures by source. Refusing here would leave an
    # award that passed its notice unable to take effect (issue 24's review).
    return None


def attributed_source(kind, fund, amount, source, allocation):
    """The source an entry is booked to (see the module's docstring)."""
    source = _source_named(source)
    if kind in INFLOWS:
        if source is None:
            raise ValidationError(
                {"source": _("Say where the money comes from: choose its source.")}
            )
        return source
    if allocation is not None:
        if source is not None and source.pk != allocation.source_id:
            raise ValidationError(
                {
                    "source": _("The allocation draws on %(source)s: its payments do too.")
                    % {"source": allocation.source or _("unspecified")}
                }
            )
        return allocation.source
    return _draw_source(fund, amount, source)
