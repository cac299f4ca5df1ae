"""The mall's pages.

/me/mall/: a confirmed volunteer, signed in by phone (residents.session),
browses the offers of their community, exchanges points and sees their
pickup codes. /mall/provider/: a provider's clerk, signed in the same way,
confirms pickups by code and reads the month's statement. /mall/statements/:
staff read the statements of the providers in their jurisdiction.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lib.masking import mask_name, mask_phone
from lib.screens import run_service
from orgs.models import Provider
from orgs.scoping import get_for_user_or_404
from orgs.services import volunteering
from residents.session import signed_in_phone

from . import services, statements
from .models import Exchange, ExchangeStatus

RECENT = 20


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Pickup code"), min_length=6, max_length=12)


def _sign_in(request):
    url = reverse("residents:sign_in")
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


@never_cache
def volunteer_home(request):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    volunteer = services.confirmed_volunteer(phone)
    context = {"phone_masked": mask_phone(phone), "volunteer": volunteer}
    if volunteer is not None:
        person = volunteer.person
        rule = services.rule_for(person.community)
        balance = volunteering.balance(person)
        offers = list(services.offers_for(person.community))
        for offer in offers:  # what the volunteer still lacks, told beside the button
            offer.short = max(offer.points - balance, 0)
        context |= {
            "balance": balance,
            "rule": rule,
            "used": services.exchanges_this_month(person),
            "offers": offers,
            "exchanges": Exchange.objects.filter(person=person)
            .select_related("offer__provider")
            .order_by("-created_at", "-pk")[:RECENT],
        }
    return render(request, "mall/volunteer.html", context)


@require_POST
def exchange(request, pk):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    run_service(
        request,
        services.exchange,
        lambda made: (
            _("Exchanged. Your pickup code is %(code)s; show it at %(provider)s.")
            % {"code": made.code, "provider": made.offer.provider.name}
        ),
        phone=phone,
        offer_id=pk,
    )
    return redirect("my_mall:home")


@require_POST
def cancel(request, pk):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    run_service(
        request,
        services.cancel,
        _("Cancelled: the points are back in your balance."),
        phone=phone,
        exchange_id=pk,
    )
    return redirect("my_mall:home")


def _clerk(request):
    """The signed-in clerk, or a response to send instead."""
    phone = signed_in_phone(request)
    if phone is None:
        return None, _sign_in(request)
    clerk = services.clerk_for(phone)
    if clerk is None:
        page = render(
            request,
            "mall/not_a_clerk.html",
            {"phone_masked": mask_phone(phone)},
            status=403,
        )
        return None, page
    return clerk, None


def _masked_exchanges(exchanges):
    for row in exchanges:
        row.volunteer_masked = mask_name(row.person.name)
    return exchanges


@never_cache
def provider_home(request):
    clerk, response = _clerk(request)
    if response is not None:
        return response
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            services.confirm_pickup,
            lambda made: (
                _("Picked up: %(name)s (code %(code)s).")
                % {"name": made.offer.name, "code": made.code}
            ),
            form=form,
            form_field="code",
            phone=clerk.phone,
            code=form.cleaned_data["code"],
        )
        if done:
            return redirect("mall:provider")
    waiting = _masked_exchanges(
        list(
            Exchange.objects.open()
            .filter(offer__provider=clerk.provider)
            .select_related("person", "offer")
            .order_by("expires_at", "pk")
        )
    )
    return render(
        request,
        "mall/provider.html",
        {"clerk": clerk, "provider": clerk.provider, "form": form, "waiting": waiting},
        status=400 if form.errors else 200,
    )


@never_cache
def provider_statement(request):
    clerk, response = _clerk(request)
    if response is not None:
        return response
    return _statement_page(request, clerk.provider, clerk=clerk)


def _statement_page(request, provider, clerk=None):
    month, month_error = statements.read_month(request.GET.get("month"))
    found = statements.statement(provider, month)
    _masked_exchanges(found.exchanges)
    return render(
        request,
        "mall/statement.html",
        {"statement": found, "month": month, "month_error": month_error, "clerk": clerk},
    )


@login_required
def staff_statements(request):
    if not request.user.has_perm("mall.view_exchange"):
        raise PermissionDenied
    providers = Provider.objects.for_user(request.user).select_related("area")
    if request.GET.get("provider"):
        provider = get_for_user_or_404(Provider.objects, request.user, pk=request.GET["provider"])
        return _statement_page(request, provider)
    month, month_error = statements.read_month(request.GET.get("month"))
    return render(
        request,
        "mall/statements.html",
        {
            "month": month,
            "month_error": month_error,
            "rows": statements.totals_by_provider(list(providers), month),
            "statuses": ExchangeStatus,
        },
    )
