"""How a visitor asked the pages to look: the elder mode (长辈版), large text
and high contrast, kept in a cookie so that nobody needs an account for it.

The switch (`orgs.views.display.switch_elder_mode`) sets or clears the
cookie; every page reads it here, and `templates/base.html` and
`templates/admin/base_site.html` put the class `elder` on the page for the
stylesheets (static/portal/frame.css). No script is involved: the class is
written by the server, so the Content-Security-Policy stays without inline
script, and the cached public pages keep one copy per mode (lib.pagecache).
"""

from django.http import HttpRequest

ELDER_COOKIE = "elder_mode"
ELDER_ON = "on"


def elder_mode(request: HttpRequest) -> bool:
    """True when this visitor switched the elder mode on."""
    return request.COOKIES.get(ELDER_COOKIE) == ELDER_ON


def display(request: HttpRequest) -> dict:
    """Context processor: `elder_mode` for every template."""
    return {"elder_mode": elder_mode(request)}
