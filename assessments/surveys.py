"""The survey's pages: the resident's (open from a link or the QR code,
signed in by phone) and the printable poster with the QR code, for the
organisation's community workers and leaders.

The resident's pages are never cached: they depend on the session's phone.
"""

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from lib.screens import run_service
from orgs.models import Organisation
from orgs.scoping import get_for_user_or_404
from residents.session import signed_in_phone

from .models import QUESTIONS, Level
from .models.annual import format_number
from .models.surveys import COMMENT_LENGTH
from .rules import unassessed_score
from .services import surveys as service


class SurveyForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything else you would like to tell us? (optional)"),
        max_length=COMMENT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {
            name: forms.TypedChoiceField(
                label=question, choices=Level.choices, coerce=int, widget=forms.RadioSelect
            )
            for name, question in QUESTIONS
        }
        self.fields = {**questions, **self.fields}


def sign_in_url(next_path: str) -> str | None:
    """The residents' sign-in page, back here after it; None while the
    residents app has no such page."""
    try:
        return f"{reverse('residents:sign_in')}?{urlencode({'next': next_path})}"
    except NoReverseMatch:
        return None


def answer(request, pk):
    """The survey for one organisation: the resident signs in by phone, answers
    once, and is thanked."""
    organisation = get_object_or_404(Organisation.objects.select_related("area"), pk=pk)
    year = service.survey_year()
    context = {"organisation": organisation, "year": year}
    if (why := service.refusal(organisation, year)) is not None:
        return render(
            request, "assessments/survey_closed.html", {**context, "message": why.messages[0]}
        )
    phone = signed_in_phone(request)
    if phone is None:
        url = sign_in_url(request.get_full_path())
        if url is not None:
            return redirect(url)
        return render(request, "assessments/survey_sign_in.html", context)
    if service.already_answered(organisation, phone, year):
        return render(request, "assessments/survey_thanks.html", {**context, "again": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            service.answer_survey,
            form=form,
            organisation=organisation,
            phone=phone,
            year=year,
            **form.cleaned_data,
        )
        if done:
            return render(request, "assessments/survey_thanks.html", context)
    return render(request, "assessments/survey.html", {**context, "form": form})


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (no file, no inline style: CSP)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=6, border=2, title=url, svgclass="qr", lineclass=None)


@login_required
def poster(request, pk):
    """A printable page with the organisation's survey QR code and link, for
    those who hand it out: anyone whose jurisdiction holds the organisation
    (its leader, its community's workers, the street and district)."""
    organisation = get_for_user_or_404(
        Organisation.objects.select_related("area__parent"), request.user, pk=pk
    )
    path = reverse("survey:answer", args=[organisation.pk])
    base = (
        settings.SITE_URL.rstrip("/") if settings.SITE_URL else request.build_absolute_uri("/")[:-1]
    )
    url = base + path
    return render(
        request,
        "assessments/survey_poster.html",
        {
            "organisation": organisation,
            "year": service.survey_year(),
            "url": url,
            "qr": mark_safe(qr_svg(url)),  # segno's own markup, the URL escaped
            "minimum": settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS,
            "unassessed": format_number(unassessed_score()),
        },
    )
