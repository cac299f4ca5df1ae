from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """After an officer's reset, the account's only page is choosing a new
    password (orgs.views.accounts.password_new), and logging out."""

    ALLOWED = ("portal:password_new", "logout", "admin:logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed and not request.path.startswith(
                "/" + settings.STATIC_URL.lstrip("/")
            ):
                return redirect("portal:password_new")
        return self.get_response(request)
