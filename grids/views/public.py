"""The resident's side, without an account: report a problem, follow it
through its tracking link, rate the resolution through the signed link."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lib import throttle
from lib.screens import run_service
from orgs.views.files import file_response

from .. import services
from ..forms import PublicTicketForm, RatingForm
from ..models import PhotoKind, Source, TicketStatus

LIMIT_PER_HOUR = 10


def ticket_form(request):
    form = PublicTicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if throttle.over_limit(request, "public-ticket", LIMIT_PER_HOUR):
            form.add_error(
                None, _("Too many requests from here in the last hour; please try again later.")
            )
        elif form.is_valid() and not form.cleaned_data.get("website"):
            data = form.cleaned_data
            reported = run_service(
                request,
                services.report,
                form=form,
                community=data["community"],
                category=data["category"],
                description=data["description"],
                location=data["location"],
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                source=Source.RESIDENT,
                resident_name=data["resident_name"],
                resident_phone=data["resident_phone"],
                photos=data["photos"],
            )
            if reported:
                throttle.count(request, "public-ticket")
                return redirect(
                    "public_tickets:status", token=services.tracking_token(reported.value)
                )
    return render(request, "public/ticket_form.html", {"form": form})


def ticket_status(request, token):
    ticket = services.ticket_for_token(token)
    if ticket is None:
        raise Http404
    rating_token = (
        services.rating_token(ticket)
        if ticket.status == TicketStatus.RESOLVED and ticket.rating_nonce
        else None
    )
    return render(
        request,
        "public/ticket_status.html",
        {
            "ticket": ticket,
            "timeline": services.timeline(ticket, public=True),
            "rating_token": rating_token,
        },
    )


def rate(request, token):
    """The signed rating link: valid once, for TICKET_RATING_LINK_DAYS days."""
    try:
        ticket = services.ticket_for_rating(token)
    except ValidationError as exc:
        return render(
            request,
            "public/ticket_rating_closed.html",
            {"message": exc.messages[0], "code": exc.code},
            status=410 if exc.code in ("expired", "used") else 404,
        )
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rated = run_service(
            request,
            services.rate,
            form=form,
            token=token,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
        if rated:
            return render(
                request,
                "public/ticket_rated.html",
                {"ticket": rated.value, "reopened": rated.value.status != TicketStatus.CLOSED},
            )
    return render(
        request,
        "public/ticket_rate.html",
        {
            "ticket": ticket,
            "form": form,
            "photos": ticket.photos.filter(kind=PhotoKind.RESOLUTION),
            "token": token,
            "reopen_below": settings.TICKET_REOPEN_BELOW,
        },
    )


def rating_photo(request, token, pk):
    """A photo of the result, for the resident holding the rating link only
    (ticket photos are otherwise for staff of the ticket's jurisdiction)."""
    try:
        ticket = services.ticket_for_rating(token)
    except ValidationError as exc:
        raise Http404 from exc
    photo = ticket.photos.filter(kind=PhotoKind.RESOLUTION, pk=pk).first()
    if photo is None:
        raise Http404
    return file_response(photo.image)
