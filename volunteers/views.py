"""The volunteer's own pages (/me/volunteer/), under the resident's phone
sign-in (residents.session): register, the volunteer's record (status,
hours, points, sign-ups, certificates), a certificate to print. And two
pages with no sign-in: the guardian's consent (the link texted to them) and
the check of a certificate's copy by its number and code."""

from django.contrib import messages
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lib import clock, throttle
from lib.masking import mask_name, mask_phone
from lib.screens import run_service
from orgs.models import PointsEntry, ServiceRecord
from residents import session

from . import certificates, services
from .forms import RegisterForm
from .models import VolunteerCertificate, VolunteerStatus


def _to_sign_in(request):
    url = reverse("residents:sign_in")
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


@never_cache
def home(request):
    phone = session.signed_in_phone(request)
    if phone is None:
        return _to_sign_in(request)
    volunteer = services.volunteer_for_phone(phone)
    if volunteer is None:
        return render(request, "volunteers/home.html", {"phone_masked": mask_phone(phone)})
    person = volunteer.person
    if not volunteer.is_confirmed:
        # The record is theirs only once the community has confirmed who
        # they are: until then, no hours, points or certificates are shown.
        return render(
            request,
            "volunteers/home.html",
            {
                "phone_masked": mask_phone(phone),
                "volunteer": volunteer,
                "statuses": VolunteerStatus,
                "availability": [services.AVAILABILITY[a] for a in volunteer.availability],
            },
        )
    records = ServiceRecord.objects.filter(person=person)
    return render(
        request,
        "volunteers/home.html",
        {
            "phone_masked": mask_phone(phone),
            "volunteer": volunteer,
            "person": person,
            "statuses": VolunteerStatus,
            "availability": [services.AVAILABILITY[a] for a in volunteer.availability],
            "hours": records.aggregate(total=Sum("hours"))["total"] or 0,
            "records": records.order_by("-served_on", "-pk")[:20],
            "balance": person.points_balance(),
            "entries": PointsEntry.objects.filter(person=person).order_by("-occurred_on", "-pk")[
                :20
            ],
            "certificates": volunteer.certificates.order_by("-issued_at"),
        },
    )


@never_cache
def register(request):
    phone = session.signed_in_phone(request)
    if phone is None:
        return _to_sign_in(request)
    if services.volunteer_for_phone(phone) is not None:
        messages.info(request, _("You are already registered as a volunteer."))
        return redirect("volunteers:home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            request,
            services.register,
            form=form,
            phone=phone,
            name=data["name"],
            id_number=data["id_number"],
            community=data["community"],
            skills=data["skills"],
            availability=data["availability"],
            guardian_name=data["guardian_name"],
            guardian_phone=data["guardian_phone"],
        )
        if done:
            if done.value.status == VolunteerStatus.AWAITING_GUARDIAN:
                messages.success(
                    request,
                    _(
                        "Registered. We texted your guardian a link: once they consent, "
                        "your community confirms you."
                    ),
                )
            else:
                messages.success(request, _("Registered. Your community will confirm you soon."))
            return redirect("volunteers:home")
    return render(
        request,
        "volunteers/register.html",
        {"form": form, "phone_masked": mask_phone(phone), "youngest": services.YOUNGEST},
    )


@never_cache
def guardian(request, token):
    """The guardian's consent, from the link texted to them (no sign-in:
    the link is the key, and it expires)."""
    if throttle.over_limit(request, GUARDIAN_SCOPE, MISSES_PER_HOUR):
        return _too_many(request)
    try:
        volunteer = services.volunteer_for_token(token)
    except services.LinkExpired:
        return render(
            request,
            "volunteers/guardian.html",
            {"expired": True, "days": services.GUARDIAN_LINK_DAYS},
            status=410,
        )
    if volunteer is None:
        throttle.count(request, GUARDIAN_SCOPE)
        raise Http404
    if request.method == "POST":
        done = run_service(request, services.consent, volunteer=volunteer)
        if done:
            messages.success(request, _("Thank you: your consent is recorded."))
        return redirect("volunteers:guardian", token=token)
    return render(
        request,
        "volunteers/guardian.html",
        {
            "volunteer": volunteer,
            "name_masked": mask_name(volunteer.person.name),
            "age": services.age_on(volunteer.birth_date, clock.today())
            if volunteer.birth_date
            else None,
            "waiting": volunteer.status == VolunteerStatus.AWAITING_GUARDIAN,
        },
    )


def _certificate_for(request, number):
    """The certificate for its volunteer (signed in with their phone) or for
    the staff of its community; anyone else: 404."""
    certificate = get_object_or_404(
        VolunteerCertificate.objects.select_related("volunteer"), number=number
    )
    phone = session.signed_in_phone(request)
    if phone and phone == certificate.volunteer.phone:
        return certificate
    user = request.user
    allowed = user.is_authenticated and user.has_perm("volunteers.view_volunteercertificate")
    if allowed and VolunteerCertificate.objects.for_user(user).filter(pk=certificate.pk).exists():
        return certificate
    raise Http404


@never_cache
def certificate(request, token):
    found = _certificate_for(request, token)
    verify = reverse("volunteers:verify", args=[certificates.verify_token(found)])
    mine = session.signed_in_phone(request) == found.volunteer.phone
    return render(
        request,
        "volunteers/certificate.html",
        {
            "certificate": found,
            "contact": certificates.contact_shown(found),
            "verify_url": request.build_absolute_uri(verify),
            "back_url": reverse(
                "volunteers:home" if mine else "admin:volunteers_volunteercertificate_changelist"
            ),
        },
    )


# Wrong certificate codes and guardian links tried per address and hour
# before the pages stop answering: numbers are sequential and the code is
# short, so a walk through them is cut off (lib.throttle, as /t/<code>).
MISSES_PER_HOUR = 30
VERIFY_SCOPE, GUARDIAN_SCOPE = "certificate-miss", "guardian-link-miss"


def _too_many(request):
    return render(
        request,
        "notifications/link_closed.html",
        {"message": _("Too many wrong links from here; please try again in an hour.")},
        status=429,
    )


def verify(request, token):
    """Anyone holding a copy checks it: the number and its code."""
    if throttle.over_limit(request, VERIFY_SCOPE, MISSES_PER_HOUR):
        return _too_many(request)
    number, _dash, code = token.partition("-")
    found = certificates.verified(number, code)
    if found is None:
        throttle.count(request, VERIFY_SCOPE)
    return render(
        request,
        "volunteers/verify.html",
        {
            "certificate": found,
            "name_masked": mask_name(found.name) if found else "",
        },
        status=200 if found else 404,
    )
