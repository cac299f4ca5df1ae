"""Account recovery without email, and the new password a reset leads to.

No reset link is produced unless email is configured (EMAIL_URL): with the
console backend the link would be printed to the web log, where anyone who
reads the log could use it. Instead an officer above the account, within
their jurisdiction, issues a one-time password (PASSWORD_RESETS in
orgs.roles).
"""

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from orgs.models import User
from orgs.services import accounts


def password_reset(request):
    """Django's reset by email when email is configured; otherwise a page
    naming who can reset the password, and nothing sent or logged."""
    if settings.EMAIL_NOTIFICATIONS:
        return auth_views.PasswordResetView.as_view()(request)
    return render(request, "registration/password_reset_unavailable.html")


def password_reset_confirm(request, uidb64, token):
    if settings.EMAIL_NOTIFICATIONS:
        return auth_views.PasswordResetConfirmView.as_view()(request, uidb64=uidb64, token=token)
    return render(request, "registration/password_reset_unavailable.html")


@login_required
def recovery(request):
    """The accounts whose password this officer may reset."""
    if not request.user.may_reset_passwords:
        raise Http404
    accounts_ = (
        User.objects.resettable_by(request.user)
        .select_related("area", "organisation")
        .order_by("role", "username")
    )
    return render(request, "portal/recovery.html", {"accounts": accounts_})


@never_cache
@login_required
def recovery_reset(request, pk):
    """Confirm, then reset: the one-time password is shown once, here."""
    if not request.user.may_reset_passwords:
        raise Http404
    account = get_object_or_404(User.objects.resettable_by(request.user), pk=pk)
    if request.method == "POST":
        one_time = accounts.reset_password(by=request.user, user=account)
        return render(
            request, "portal/recovery_done.html", {"account": account, "one_time": one_time}
        )
    return render(request, "portal/recovery_confirm.html", {"account": account})


@never_cache
@login_required
def password_new(request):
    """After a reset: choose a new password (no old one to type: the
    one-time password was spent at login)."""
    user = request.user
    if not user.must_change_password:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.choose_password(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/password_new.html", {"form": form})
