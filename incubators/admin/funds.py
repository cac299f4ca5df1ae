from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubators.exports import statement_response
from incubators.models import EntryKind, Fund, FundEntry, FundSource
from incubators.services import funds
from lib import clock
from lib.paginators import BigListPaginator
from lib.querystring import SpanForm
from lib.screens import ServiceAdminMixin, run_service
from lib.uploads import check_receipt
from orgs.admin import ScopedAdmin, ScopedAdminMixin


class EntryInline(admin.TabularInline):
    model = FundEntry
    fk_name = "fund"
    extra = 0
    can_delete = False
    fields = [
        "occurred_on",
        "kind",
        "amount",
        "counterparty",
        "purpose",
        "voucher_number",
        "source",
        "allocation",
        "recorded_by",
    ]
    readonly_fields = fields
    ordering = ["-occurred_on", "-id"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by", "allocation", "source")


@admin.register(Fund)
class FundAdmin(ScopedAdmin):
    list_display = ["name", "area", "custodian", "balance", "committed", "free", "is_active"]
    list_select_related = ["area", "custodian"]
    list_filter = ["is_active"]
    search_fields = ["name", "area__name"]
    autocomplete_fields = ["area", "custodian"]
    fields = ["name", "area", "custodian", "opened_on", "purpose", "is_active"]
    inlines = [EntryInline]
    change_form_template = "admin/incubators/fund/change_form.html"

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The page's positions in one query, not one per row and column.
        found = funds.positions(changelist.result_list)
        for fund in changelist.result_list:
            fund.listed_position = found[fund.pk]
        return changelist

    @admin.display(description=gettext_lazy("balance"))
    def balance(self, fund):
        return fund.listed_position.balance

    @admin.display(description=gettext_lazy("committed"))
    def committed(self, fund):
        return fund.listed_position.committed

    @admin.display(description=gettext_lazy("free"))
    def free(self, fund):
        return fund.listed_position.free

    def get_urls(self):
        return [
            path(
                "<int:object_id>/statement/",
                self.admin_site.admin_view(self.statement_view),
                name="incubators_fund_statement",
            ),
            *super().get_urls(),
        ]

    def statement_view(self, request, object_id):
        fund = self.get_object(request, str(object_id))
        form = StatementForm(request.GET or None)
        if form.is_valid():
            return statement_response(fund, form.cleaned_data["period"], user=request.user)
        return TemplateResponse(
            request,
            "admin/incubators/form_page.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": fund,
                "title": _("Statement of %(fund)s") % {"fund": fund},
                "form": form,
                "method": "get",
            },
        )


class StatementForm(SpanForm):
    start = forms.DateField(
        label=gettext_lazy("From"), initial=lambda: clock.today().replace(month=1, day=1)
    )
    end = forms.DateField(label=gettext_lazy("To"), initial=clock.today)


class EntryForm(forms.Form):
    fund = forms.ModelChoiceField(label=gettext_lazy("fund"), queryset=Fund.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=EntryKind.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("amount (yuan)"), max_digits=12, decimal_places=2, min_value=0.01
    )
    occurred_on = forms.DateField(label=gettext_lazy("date"), initial=clock.today)
    counterparty = forms.CharField(label=gettext_lazy("from / to"), max_length=120)
    purpose = forms.CharField(label=gettext_lazy("purpose"), max_length=200)
    voucher_number = forms.CharField(label=gettext_lazy("voucher number"), max_length=40)
    source = forms.ModelChoiceField(
        label=gettext_lazy("source of the money"),
        queryset=FundSource.objects.all(),
        required=False,
        help_text=gettext_lazy(
            "Money in: where it comes from (required). An allocation or a payment from free "
            "money: the source it draws on (empty: the first with enough free money). A payment "
            "against an allocation, or a release, keeps the allocation's source."
        ),
    )
    allocation = forms.ModelChoiceField(
        label=gettext_lazy("against allocation"),
        queryset=FundEntry.objects.none(),
        required=False,
        help_text=gettext_lazy("For a disbursement, the allocation it pays out of."),
    )
    attachment = forms.FileField(
        label=gettext_lazy("voucher"),
        required=False,
        validators=[check_receipt],
        help_text=gettext_lazy("A PDF, or a JPEG or PNG photo of the voucher."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = Fund.objects.for_user(user).filter(is_active=True)
        self.fields["fund"].queryset = mine
        self.fields["allocation"].queryset = FundEntry.objects.filter(
            fund__in=mine, kind=EntryKind.ALLOCATION
        ).select_related("fund")


SERVICES = {
    EntryKind.DONATION: funds.receive,
    EntryKind.ALLOCATION: funds.allocate,
    EntryKind.DISBURSEMENT: funds.disburse,
    EntryKind.REFUND: funds.refund,
    EntryKind.RELEASE: funds.release,
}


@admin.register(FundEntry)
class FundEntryAdmin(ScopedAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """The ledger. Entries are added through the fund services, which check
    the balance under a lock, and are never edited or deleted."""

    list_display = [
        "occurred_on",
        "fund",
        "kind",
        "amount",
        "counterparty",
        "purpose",
        "voucher_number",
        "source_shown",
        "recorded_by",
    ]
    list_select_related = ["fund", "recorded_by", "source"]
    list_filter = ["kind", "source", "fund"]
    # Not ScopedAdmin: entries are never edited, so they keep no history of
    # their own, and simple-history's pages would fail on them.
    show_full_result_count = False
    paginator = BigListPaginator
    search_fields = ["counterparty", "purpose", "=voucher_number"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("source of the money"), ordering="source")
    def source_shown(self, entry):
        # Entries booked before sources were kept.
        return entry.source or _("unspecified")

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = EntryForm(
            request.POST or None,
            request.FILES or None,
            user=request.user,
            initial={"fund": request.GET.get("fund")},
        )
        if form.is_valid():
            data = dict(form.cleaned_data)
            record = SERVICES[data.pop("kind")]
            recorded = run_service(
                request,
                record,
                lambda entry: _("Recorded in the ledger of %(fund)s.") % {"fund": entry.fund},
                form=form,
                by=request.user,
                **data,
            )
            if recorded:
                return self.change_page(recorded.value.fund)
        return self.step_page(
            request,
            "admin/incubators/form_page.html",
            title=_("Record a fund entry"),
            form=form,
            multipart=True,
        )


@admin.register(FundSource)
class FundSourceAdmin(admin.ModelAdmin):
    """The sources of money (Wuhan §9's measures, 福彩公益金): the district's list."""

    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
