"""The resident's need form (no account) and the page that follows it."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lib import throttle
from lib.screens import run_service

from ..forms import PublicNeedForm
from ..services import needs as need_service

LIMIT_PER_HOUR = 10


def need_form(request):
    form = PublicNeedForm(request.POST or None)
    if request.method == "POST":
        if throttle.over_limit(request, "public-need", LIMIT_PER_HOUR):
            form.add_error(
                None, _("Too many requests from here in the last hour; please try again later.")
            )
        elif form.is_valid() and not form.cleaned_data.get("website"):
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            submitted = run_service(request, need_service.submit_public_need, form=form, **data)
            if submitted:
                throttle.count(request, "public-need")
                return redirect(
                    "public_needs:status", token=need_service.tracking_token(submitted.value)
                )
    return render(request, "public/need_form.html", {"form": form})


def need_status(request, token):
    need = need_service.need_for_token(token)
    if need is None:
        raise Http404
    return render(request, "public/need_status.html", {"need": need, "token": token})
