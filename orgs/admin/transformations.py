"""Recording an organisation's transformations in the admin: merging several
into one, and the other kinds (became a community organisation, became
service-oriented, upgraded, dissolved) on one organisation's page."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import clock
from lib.limits import TEXT
from lib.screens import run_service
from orgs.models import Category, Organisation, Stage, Transformation, TransformationKind
from orgs.services import transformations


class TransformationInline(admin.TabularInline):
    model = Transformation
    fk_name = "organisation"
    extra = 0
    can_delete = False
    fields = ["occurred_on", "kind", "note", "changes", "result", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("result", "recorded_by")


class TransformationsAdminMixin:
    """The organisation admin's transformation action and page."""

    def has_transform_permission(self, request):
        return request.user.has_perm("orgs.add_transformation")

    @admin.action(
        description=gettext_lazy("Merge the selected into one"), permissions=["transform"]
    )
    def merge(self, request, queryset):
        organisations = list(queryset)
        form = MergeForm(
            request.POST if "confirm" in request.POST else None, organisations=organisations
        )
        if form.is_valid():
            target = form.cleaned_data["into"]
            run_service(
                request,
                transformations.merge_organisations,
                _("Merged into %(name)s.") % {"name": target.name},
                sources=[o for o in organisations if o.pk != target.pk],
                into=target,
                on=form.cleaned_data["occurred_on"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
            return None
        return self.step_page(
            request,
            "admin/orgs/organisation/merge.html",
            title=_("Merge organisations"),
            form=form,
            organisations=organisations,
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )

    def transform_view(self, request, object_id):
        organisation = self.get_object(request, str(object_id))
        if not self.has_transform_permission(request):
            raise PermissionDenied
        form = TransformForm(request.POST or None)
        if form.is_valid():
            data = form.cleaned_data
            kind = data["kind"]
            common = {
                "organisation": organisation,
                "on": data["occurred_on"],
                "by": request.user,
                "note": data["note"],
            }
            if kind == TransformationKind.BECAME_COMMUNITY_ORGANISATION:
                service, extra = transformations.become_community_organisation, {}
            elif kind == TransformationKind.BECAME_SERVICE_ORIENTED:
                service = transformations.become_service_oriented
                extra = {"new_name": data["new_name"], "new_category": data["new_category"]}
            elif kind == TransformationKind.UPGRADED:
                service = transformations.upgrade
                extra = {"credit_code": data["credit_code"], "to": data["upgrade_to"]}
            else:
                service, extra = transformations.dissolve, {}
            done = self.run_step(
                request,
                organisation,
                service,
                _("Recorded: %(kind)s.") % {"kind": TransformationKind(kind).label},
                form=form,
                **common,
                **extra,
            )
            if done:
                return done
        return self.step_page(
            request,
            "admin/orgs/organisation/transform.html",
            original=organisation,
            title=_("Record a transformation of %(name)s") % {"name": organisation.name},
            form=form,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_transform": self.has_transform_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("Merge into")
    )
    occurred_on = forms.DateField(label=gettext_lazy("Date"), initial=clock.today)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        if len(organisations) < 2:
            self.fields["into"].help_text = _("Select at least two organisations in the list.")


class TransformForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Transformation"),
        choices=[c for c in TransformationKind.choices if c[0] != TransformationKind.MERGED],
    )
    occurred_on = forms.DateField(label=gettext_lazy("Date"), initial=clock.today)
    new_name = forms.CharField(label=gettext_lazy("New name"), required=False, max_length=100)
    new_category = forms.ModelChoiceField(
        label=gettext_lazy("New category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
    )
    credit_code = forms.CharField(
        label=gettext_lazy("Unified social credit code"), required=False, max_length=30
    )
    upgrade_to = forms.ChoiceField(
        label=gettext_lazy("Upgraded to"),
        choices=[
            (Stage.SOCIAL_ORGANISATION, Stage.SOCIAL_ORGANISATION.label),
            (Stage.SOCIAL_ENTERPRISE, Stage.SOCIAL_ENTERPRISE.label),
        ],
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == TransformationKind.UPGRADED and not data.get("credit_code"):
            self.add_error("credit_code", _("An upgrade needs the new unified social credit code."))
        return data
