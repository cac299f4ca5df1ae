"""Import of the organisation ledger.

A row is matched to an organisation of the importer's jurisdiction by its
community and name: an existing one is updated (or left alone when nothing
differs, so importing the same file twice changes nothing), a new one is
created. Blank cells keep what the platform has. Rows outside the
jurisdiction, unknown names, bad values and duplicates inside the file are
all reported, with their line and column, and then nothing is written.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.instance_loaders import BaseInstanceLoader

from lib.spreadsheets import cells
from lib.validators import normalise_code, normalise_phone
from orgs.ledger import IMPORTABLE_STATUSES, ORGANISATION_FIELDS
from orgs.models import FilingStatus, Organisation, PartyOrgType, Status, Tier

from .base import (
    AreaIndex,
    CategoryIndex,
    ImportReport,
    LedgerResource,
    ParsingWidget,
    TextWidget,
    column,
    name_key,
)
from .engine import run_import

TIER_ALIASES = {
    "依法登记": Tier.REGISTERED,
    "登记": Tier.REGISTERED,
    "已登记": Tier.REGISTERED,
    "登记注册": Tier.REGISTERED,
    "备案": Tier.FILED,
    "街道备案": Tier.FILED,
    "备案管理": Tier.FILED,
    "社区指导": Tier.GUIDED,
    "指导": Tier.GUIDED,
    "社区管理": Tier.GUIDED,
}
PARTY_ALIASES = {
    "无": PartyOrgType.NONE,
    "未建立": PartyOrgType.NONE,
    "独立党支部": PartyOrgType.INDEPENDENT,
    "单独组建": PartyOrgType.INDEPENDENT,
    "联合党支部": PartyOrgType.JOINT,
    "联合组建": PartyOrgType.JOINT,
    "功能型党小组": PartyOrgType.FUNCTIONAL,
    "功能型党组织": PartyOrgType.FUNCTIONAL,
}
STATUS_ALIASES = {
    "正常": Status.ACTIVE,
    "活跃": Status.ACTIVE,
    "运行": Status.ACTIVE,
    "休眠": Status.DORMANT,
    "停止活动": Status.DORMANT,
}


def _choice(choices, aliases):
    return ParsingWidget(cells.ChoiceParser(choices, aliases))


_STATUS = cells.ChoiceParser(Status, STATUS_ALIASES)


def _status(value):
    status = _STATUS(value)
    if status not in IMPORTABLE_STATUSES:
        raise ValueError(_("Mergers and dissolutions are recorded on the platform, not imported."))
    return status


class AreaWidget(widgets.Widget):
    def __init__(self, index: AreaIndex, **kwargs):
        super().__init__(**kwargs)
        self.index = index

    def clean(self, value, row=None, **kwargs):
        street = (row or {}).get("street")
        if value in (None, ""):
            if street:
                return self.index.street(street)
            raise ValueError(
                _("Fill in the community (or, for a street-level organisation, the street).")
            )
        return self.index.community(value, street)


class CategoryWidget(widgets.Widget):
    def __init__(self, index: CategoryIndex, **kwargs):
        super().__init__(**kwargs)
        self.index = index

    def clean(self, value, row=None, **kwargs):
        class_name = (row or {}).get("category_class")
        if value in (None, "") and class_name in (None, ""):
            return None
        return self.index.resolve(cells.text(value), cells.text(class_name) or None)


class ScopedOrganisationLoader(BaseInstanceLoader):
    """The live organisations of the importer's jurisdiction, fetched once."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.by_key = {
            (org.area_id, name_key(org.name)): org
            for org in Organisation.objects.for_user(resource.user)
            .live()
            .select_related("area", "category")
        }

    def get_instance(self, row):
        try:
            area = self.resource.fields["area"].clean(row)
        except ValueError:
            return None  # reported by import_instance, with the row
        return self.by_key.get((area.pk, name_key(row.get("name"))))


class OrganisationImport(LedgerResource):
    column_for_attribute = {"area": "community"}

    name = column("name", TextWidget())
    area = fields.Field(attribute="area", column_name="community")
    category = fields.Field(attribute="category", column_name="category")
    leader_name = column("leader_name", TextWidget())
    leader_phone = column("leader_phone", ParsingWidget(normalise_phone))
    leader_is_party_member = column("leader_is_party_member", ParsingWidget(cells.parse_yes_no))
    member_count = column("member_count", ParsingWidget(cells.parse_count))
    party_member_count = column("party_member_count", ParsingWidget(cells.parse_count))
    founded_on = column("founded_on", ParsingWidget(cells.parse_date))
    venue = column("venue", TextWidget())
    tier = column("tier", _choice(Tier, TIER_ALIASES))
    credit_code = column("credit_code", ParsingWidget(normalise_code))
    party_org_type = column("party_org_type", _choice(PartyOrgType, PARTY_ALIASES))
    is_brand = column("is_brand", ParsingWidget(cells.parse_yes_no))
    is_hub = column("is_hub", ParsingWidget(cells.parse_yes_no))
    status = column("status", ParsingWidget(_status))
    description = column("description", TextWidget())
    certificate_number = column("certificate_number", ParsingWidget(cells.half_width))
    filed_on = column("filed_on", ParsingWidget(cells.parse_date))

    class Meta:
        model = Organisation
        import_id_fields = ["area", "name"]
        fields = [
            "name",
            "area",
            "category",
            "leader_name",
            "leader_phone",
            "leader_is_party_member",
            "member_count",
            "party_member_count",
            "founded_on",
            "venue",
            "tier",
            "credit_code",
            "party_org_type",
            "is_brand",
            "is_hub",
            "status",
            "description",
            "certificate_number",
            "filed_on",
        ]
        instance_loader_class = ScopedOrganisationLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True

    def __init__(self, *, user):
        super().__init__(user=user)
        self.fields["area"].widget = AreaWidget(AreaIndex(user))
        self.fields["category"].widget = CategoryWidget(CategoryIndex())
        self.seen_names: dict[tuple, int] = {}
        self.seen_codes: dict[str, int] = {}
        self.seen_certificates: dict[str, int] = {}
        self.taken: dict[str, dict] | None = None  # codes in the database, read once

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        filed_before = (instance.filing_status, instance.certificate_number, instance.filed_on)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self._take_legacy_filing(instance, filed_before, errors)
        if instance.pk is None:
            if not instance.category_id and "category" not in errors:
                errors["category"] = [_("A new organisation needs its category.")]
            if not instance.leader_name and "leader_name" not in errors:
                errors["leader_name"] = [_("A new organisation needs its leader's name.")]
        if errors:
            raise ValidationError(errors)

    def _take_legacy_filing(self, instance, filed_before, errors):
        """A certificate issued before the platform existed is recorded as a
        filing; one the platform issued cannot be changed by a spreadsheet."""
        status, number, filed_on = filed_before
        if instance.certificate_number == number:
            if instance.filed_on != filed_on and status == FilingStatus.APPROVED:
                instance.filed_on = filed_on  # the platform's date stands
            elif instance.filed_on and not number:
                errors["filed_on"] = [_("A filing date needs its certificate number.")]
            return
        problem = None
        if status == FilingStatus.APPROVED:
            problem = _("The platform has this organisation filed as %(number)s.") % {
                "number": number
            }
        elif status == FilingStatus.SUBMITTED:
            problem = _(
                "A filing application for this organisation is under review on the platform."
            )
        elif instance.tier == Tier.REGISTERED:
            problem = _("A registered legal person is registered, not filed.")
        elif instance.certificate_number in self.seen_certificates:
            problem = _("Same certificate number as line %(line)s.") % {
                "line": self.seen_certificates[instance.certificate_number]
            }
        if problem:
            errors["certificate_number"] = [problem]
            instance.certificate_number, instance.filed_on = number, filed_on
            return
        self.seen_certificates[instance.certificate_number] = self.current_line
        instance.filing_status = FilingStatus.APPROVED

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if "area" not in errors and instance.name:
            key = (instance.area_id, name_key(instance.name))
            if key in self.seen_names:
                errors["name"] = [
                    _("Same name and community as line %(line)s: each organisation once, please.")
                    % {"line": self.seen_names[key]}
                ]
            else:
                self.seen_names[key] = self.current_line
        if instance.credit_code:
            if instance.credit_code in self.seen_codes:
                errors["credit_code"] = [
                    _("Same credit code as line %(line)s.")
                    % {"line": self.seen_codes[instance.credit_code]}
                ]
            else:
                self.seen_codes[instance.credit_code] = self.current_line
        if instance.filing_status == FilingStatus.APPROVED and instance.tier == Tier.GUIDED:
            instance.tier = Tier.FILED  # filed organisations are not merely guided
        # Django checks every check constraint and foreign key with a query
        # of its own, eight a row. Here the community and category come from
        # the indexes read once (within the jurisdiction), Organisation.clean()
        # holds the check constraints' rules, and the unique ones are checked
        # against codes read once. The database's constraints still guard
        # the writes. Fields no column sets are left as the platform has them,
        # and not checked again for every row.
        try:
            instance.full_clean(
                exclude=[*errors, "area", "category", *UNIMPORTED],
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field, message in self._database_clashes(instance).items():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _database_clashes(self, instance) -> dict:
        if self.taken is None:
            self.taken = {
                field: dict(Organisation.objects.exclude(**{field: ""}).values_list(field, "pk"))
                for field in ("credit_code", "certificate_number")
            }
        clashes = {}
        for field, message in (
            ("credit_code", _("Another organisation already has this credit code.")),
            ("certificate_number", _("Another organisation already has this certificate number.")),
        ):
            owner = self.taken[field].get(getattr(instance, field))
            if owner is not None and owner != instance.pk:
                clashes[field] = message
        if (
            instance.is_hub
            and instance.is_live
            and Organisation.objects.live()
            .filter(is_hub=True, area_id=instance.area_id)
            .exclude(pk=instance.pk)
            .exists()
        ):
            clashes["is_hub"] = _("This street already has a hub organisation.")
        return clashes


#: the model's fields the import neither reads nor derives (filing_status)
UNIMPORTED = sorted(
    {f.name for f in Organisation._meta.concrete_fields}
    - {field.attribute for field in OrganisationImport.fields.values()}
    - {"filing_status"}
)


def import_organisations(upload, *, user, commit: bool) -> ImportReport:
    """Check (commit=False) or import (commit=True) an organisation ledger."""
    return run_import(
        upload, resource=OrganisationImport(user=user), fields=ORGANISATION_FIELDS, commit=commit
    )
