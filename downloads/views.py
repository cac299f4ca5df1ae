"""The download centre (下载中心): ask for a ledger, watch it being built,
fetch it while it lasts. Only its owner ever sees or fetches a download."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lib.screens import run_service
from lib.spreadsheets import exporters
from orgs.models import Area, AreaLevel

from .models import Download, DownloadStatus
from .services import request_download


class DownloadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Ledger"))
    area = forms.ModelChoiceField(
        label=gettext_lazy("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=gettext_lazy("All of my jurisdiction"),
    )
    fmt = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")],
        initial="xlsx",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(e.key, e.title) for e in exporters.available(user)]
        self.fields["area"].queryset = (
            Area.objects.for_user(user)
            .filter(level__in=[AreaLevel.STREET, AreaLevel.COMMUNITY])
            .order_by("code")
        )


def _page(request, form, status=200):
    mine = list(Download.objects.filter(owner=request.user)[:50])
    pending = status == 200 and any(d.is_pending for d in mine)
    return render(
        request,
        "downloads/centre.html",
        {"form": form, "downloads": mine, "pending": pending},
        status=status,
    )


@login_required
def centre(request):
    return _page(request, DownloadForm(user=request.user))


@login_required
@require_POST
def start(request):
    form = DownloadForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            started = run_service(
                request,
                request_download,
                form=form,
                user=request.user,
                kind=form.cleaned_data["kind"],
                fmt=form.cleaned_data["fmt"],
                area=form.cleaned_data["area"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        if started:
            download = started.value
            download.refresh_from_db(fields=["status"])
            if download.status == DownloadStatus.FAILED:  # the broker is down: not queued
                form.add_error(
                    None,
                    _(
                        "The export could not be started: the background service is "
                        "unavailable. Please try again in a few minutes."
                    ),
                )
                response = _page(request, form, status=503)
                response["Retry-After"] = "300"
                return response
            messages.success(
                request, _("Your file is being prepared; it appears below when ready.")
            )
            return redirect("downloads:centre")
    return _page(request, form, status=400)


@login_required
def fetch(request, pk):
    download = get_object_or_404(Download, pk=pk, owner=request.user)
    if download.is_expired:
        return render(request, "downloads/gone.html", {"download": download}, status=410)
    if download.status != DownloadStatus.DONE or not download.file:
        raise Http404
    name = download.file.name.rsplit("/", 1)[-1]
    try:
        handle = download.file.storage.open(download.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=f"{download.title}-{name}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
