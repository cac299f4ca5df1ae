"""The elder-mode switch (长辈版): a small form on every page posts here."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lib.display import ELDER_COOKIE, ELDER_ON

ONE_YEAR = 365 * 24 * 3600


@require_POST
def switch_elder_mode(request: HttpRequest) -> HttpResponseRedirect:
    """Switch the elder mode on (`elder=on`) or off (anything else) and go
    back to the page the switch was on; a `next` pointing off the site goes
    to the home page instead."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("portal:home")
    response = HttpResponseRedirect(back)
    if request.POST.get("elder") == ELDER_ON:
        response.set_cookie(
            ELDER_COOKIE,
            ELDER_ON,
            max_age=ONE_YEAR,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response
