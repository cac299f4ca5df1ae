"""The portal's qualifications page (/honours/qualifications/): an
organisation's leader lists and records the qualifications of its own
members; staff read those of their jurisdiction here too (and record them
in the workbench, whose person search suits a street or a district)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.masking import ID_NUMBER
from lib.screens import run_service
from orgs.models import AccessSurface, Person
from orgs.privacy import record_access

from . import services
from .models import Qualification, QualificationKind

PER_PAGE = 30


class QualificationForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Holder"), queryset=Person.objects.none())
    kind = forms.ModelChoiceField(
        label=gettext_lazy("Qualification"), queryset=QualificationKind.objects.none()
    )
    certificate_number = forms.CharField(label=gettext_lazy("Certificate no."), max_length=40)
    obtained_on = forms.DateField(
        label=gettext_lazy("Obtained on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    issued_by = forms.CharField(
        label=gettext_lazy("Issuing body"),
        max_length=120,
        initial="人力资源和社会保障部、民政部",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(user).order_by("name", "pk")
        self.fields["kind"].queryset = QualificationKind.objects.filter(is_active=True)


def _allowed(user, action: str) -> None:
    if not user.has_perm(f"honours.{action}_qualification"):
        raise PermissionDenied


@login_required
def qualifications(request):
    _allowed(request.user, "view")
    rows = (
        Qualification.objects.for_user(request.user)
        .select_related("person__community", "kind")
        .order_by("person__name", "kind__position", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    # The certificate numbers, in full to whoever may read the list.
    record_access(
        user=request.user,
        kinds={ID_NUMBER},
        delivered={ID_NUMBER},
        rows=len(page.object_list),
        surface=AccessSurface.PAGE,
        what="honours.qualification",
        path=request.path,
    )
    return render(
        request,
        "honours/qualifications.html",
        {"page": page, "can_add": request.user.has_perm("honours.add_qualification")},
    )


@login_required
def new_qualification(request):
    _allowed(request.user, "add")
    form = QualificationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            services.record_qualification,
            lambda q: (
                _("%(person)s's %(kind)s qualification is recorded.")
                % {"person": q.person.name, "kind": q.kind.name}
            ),
            form=form,
            by=request.user,
            **form.cleaned_data,
        )
        if done:
            return redirect("honours:qualifications")
    return render(request, "honours/qualification_form.html", {"form": form})
