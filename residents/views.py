"""The resident's own pages (/me/): sign in by phone and code, "my reports"
(tickets and needs sent with that phone, followed and rated from there),
messages on or off, sign out, and what is done with the number.

No account: the signed-in phone (residents.session) is the only key, and
every list is read by it (residents.reports), so another person's reports
never appear. A visitor not signed in is sent to sign in first.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lib.clients import client_ip
from lib.masking import mask_phone
from lib.screens import run_service
from notifications import texts

from . import codes, reports, session
from .forms import CodeForm, PhoneForm

# The number a code was sent to, until it is verified (not signed in yet).
PENDING_KEY = "resident_pending_phone"


def _next(request) -> str:
    """Where to go once signed in: a local path only, never another site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    local = wanted.startswith("/") and not wanted.startswith(("//", "/\\"))
    if local and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


def _sign_in_url(next_url: str = "") -> str:
    url = reverse("residents:sign_in")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# Where a sign-in leads (the start of `next`): the page's title and a line
# saying what they reach, so a volunteer or a shop clerk is not told they
# are signing in to "my reports". Paths, not imports: the apps are above.
_DESTINATIONS = (
    (
        "/me/volunteer/",
        gettext_lazy("Volunteer sign-in"),
        gettext_lazy("Once signed in, you reach your volunteer page."),
    ),
    (
        "/me/mall/",
        gettext_lazy("Volunteer sign-in"),
        gettext_lazy("Once signed in, you reach the points mall (贡享超市)."),
    ),
    (
        "/mall/provider/",
        gettext_lazy("Shop sign-in for pickups"),
        gettext_lazy("Once signed in, you confirm the pickups of volunteers' exchanges."),
    ),
)


def _destination(next_url: str) -> tuple[str, str]:
    """(title, what they reach) for the sign-in page."""
    if not next_url:
        return _("My reports: sign in"), ""
    for prefix, title, line in _DESTINATIONS:
        if next_url.startswith(prefix):
            return str(title), str(line)
    return _("Sign in with your mobile number"), _(
        "Once signed in, you go back to the page you were opening."
    )


def _outbox_hint() -> bool:
    return settings.DEBUG and settings.SMS_BACKEND == "outbox"


@never_cache
def sign_in(request):
    next_url = _next(request)
    if session.signed_in_phone(request):
        return redirect(next_url or "residents:reports")
    pending = request.session.get(PENDING_KEY)
    phone_form = PhoneForm(
        request.POST if request.POST.get("step") == "send" else None,
        initial={"phone": pending or ""},
    )
    code_form = CodeForm(request.POST if request.POST.get("step") == "verify" else None)
    step = request.POST.get("step")
    if step == "send" and phone_form.is_valid():
        sent = run_service(
            request,
            codes.request_code,
            form=phone_form,
            form_field="phone",
            phone=phone_form.cleaned_data["phone"],
            address=client_ip(request),
        )
        if sent:
            request.session[PENDING_KEY] = sent.value.phone
            messages.success(request, _("The code is on its way by text message."))
            return redirect(_sign_in_url(next_url))
    elif step == "resend" and pending:
        run_service(
            request,
            codes.request_code,
            _("A new code is on its way by text message."),
            phone=pending,
            address=client_ip(request),
        )
        return redirect(_sign_in_url(next_url))
    elif step == "verify" and pending and code_form.is_valid():
        verified = run_service(
            request,
            codes.verify_code,
            form=code_form,
            form_field="code",
            phone=pending,
            code=code_form.cleaned_data["code"],
        )
        if verified:
            session.sign_in(request, verified.value)
            request.session.pop(PENDING_KEY, None)
            return redirect(next_url or "residents:reports")
    asking_code = bool(pending) and not request.GET.get("again") and step != "send"
    title, reaches = _destination(next_url)
    return render(
        request,
        "residents/sign_in.html",
        {
            "asking_code": asking_code,
            "phone_form": phone_form,
            "code_form": code_form,
            "pending_masked": mask_phone(pending or ""),
            "resend_in": codes.seconds_until_next(pending) if asking_code else 0,
            "minutes": settings.RESIDENT_CODE_MINUTES,
            "next": next_url,
            "title": title,
            "reaches": reaches,
            "outbox_hint": _outbox_hint(),
        },
    )


@never_cache
def my_reports(request):
    phone = session.signed_in_phone(request)
    if phone is None:
        return redirect(_sign_in_url(request.get_full_path()))
    return render(
        request,
        "residents/reports.html",
        {
            "tickets": reports.tickets_of(phone),
            "needs": reports.needs_of(phone),
            "phone_masked": mask_phone(phone),
            "opted_out": texts.is_opted_out(phone),
        },
    )


@require_POST
def text_messages(request):
    """The switch: no more text messages about reports, or again."""
    phone = session.signed_in_phone(request)
    if phone is None:
        return redirect(_sign_in_url(reverse("residents:reports")))
    if request.POST.get("messages") == "off":
        run_service(
            request,
            texts.opt_out,
            _("You will get no more text messages about your reports."),
            phone=phone,
        )
    else:
        run_service(
            request,
            texts.opt_in,
            _("You will get text messages about your reports again."),
            phone=phone,
        )
    return redirect("residents:reports")


@require_POST
def sign_out(request):
    session.sign_out(request)
    request.session.pop(PENDING_KEY, None)
    messages.success(request, _("You have signed out."))
    return redirect("residents:sign_in")


def privacy(request):
    return render(
        request,
        "residents/privacy.html",
        {
            "code_minutes": settings.RESIDENT_CODE_MINUTES,
            "session_days": settings.RESIDENT_SESSION_DAYS,
        },
    )
