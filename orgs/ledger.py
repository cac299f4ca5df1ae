"""The organisation ledger (台账): its columns, and its rows for export.

The same columns head the export, the import template and the import, so a
ledger exported from the platform can be edited in Excel or WPS and imported
back as it is. Headers are recognised in Chinese and English and under the
names offices commonly give them (see `aliases`).
"""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from lib.masking import ID_NUMBER, PHONE, mask_id_number, mask_phone
from lib.spreadsheets.columns import LedgerField
from lib.spreadsheets.writer import BOOLEAN, DATE, INTEGER, TEXT, Column
from orgs.models import AreaLevel, FilingStatus, PartyOrgType, Status, Tier
from orgs.privacy import can_see

SEQUENCE = LedgerField("seq", _("No."), INTEGER, 6, ("序号", "编号", "no"), importable=False)

ORGANISATION_FIELDS = [
    SEQUENCE,
    LedgerField(
        "name",
        _("Organisation name"),
        TEXT,
        28,
        ("组织名称", "名称", "组织全称", "社会组织名称"),
        required=True,
    ),
    LedgerField(
        "street",
        _("Street / town"),
        TEXT,
        12,
        ("所属街道", "街道", "镇街", "所属镇（街道）", "街道（乡镇）", "乡镇"),
        help=_("Needed only when two communities in your jurisdiction share a name."),
    ),
    LedgerField(
        "community",
        _("Community / village"),
        TEXT,
        14,
        ("所属社区", "社区", "社区（村）", "所在社区", "村（社区）"),
        required=True,
        help=_(
            "The community's name as the platform knows it; for a hub, leave empty and give the street."
        ),
    ),
    LedgerField(
        "category_class",
        _("Category class"),
        TEXT,
        14,
        ("组织类别（大类）", "大类", "类别大类", "组织类别"),
    ),
    LedgerField(
        "category",
        _("Category sub-class"),
        TEXT,
        14,
        ("组织类别（小类）", "小类", "类别小类", "组织类型"),
        required=True,
        help=_("A sub-class from the instructions sheet; a class name alone is accepted too."),
    ),
    LedgerField(
        "leader_name",
        _("Leader"),
        TEXT,
        10,
        ("负责人", "负责人姓名", "队长", "带头人"),
        required=True,
    ),
    LedgerField(
        "leader_phone",
        _("Leader's phone"),
        TEXT,
        15,
        ("负责人电话", "联系电话", "联系方式", "手机号", "电话"),
        personal=PHONE,
    ),
    LedgerField(
        "leader_is_party_member",
        _("Leader is a party member"),
        BOOLEAN,
        10,
        ("负责人是否党员", "是否党员领办", "党员领办"),
    ),
    LedgerField(
        "member_count", _("Members"), INTEGER, 8, ("成员人数", "成员数", "人数", "队员人数")
    ),
    LedgerField(
        "party_member_count", _("Party members"), INTEGER, 8, ("党员人数", "其中党员", "党员数")
    ),
    LedgerField(
        "founded_on",
        _("Founded on"),
        DATE,
        12,
        ("成立日期", "成立时间", "组建时间"),
        help=_("An Excel date, or text such as 2021年3月, 2021.03.05 or 2021-3-5."),
    ),
    LedgerField("venue", _("Activity venue"), TEXT, 20, ("活动场所", "活动地点", "活动场地")),
    LedgerField("tier", _("Management tier"), TEXT, 12, ("管理类型", "管理类别", "分类管理")),
    LedgerField(
        "credit_code",
        _("Unified social credit code"),
        TEXT,
        22,
        ("统一社会信用代码", "信用代码", "社会信用代码"),
        help=_("Registered organisations only."),
    ),
    LedgerField(
        "party_org_type",
        _("Party organisation"),
        TEXT,
        14,
        ("党组织建立情况", "党组织类型", "党组织"),
    ),
    LedgerField(
        "is_brand", _("Brand organisation"), BOOLEAN, 8, ("品牌组织", "是否品牌组织", "精品组织")
    ),
    LedgerField("is_hub", _("Hub organisation"), BOOLEAN, 8, ("枢纽组织", "是否枢纽组织")),
    LedgerField("status", _("Organisation status"), TEXT, 8, ("组织状态", "状态", "运行状态")),
    LedgerField(
        "description",
        _("Services and activities"),
        TEXT,
        30,
        ("服务内容", "主要活动", "服务项目", "简介"),
    ),
    LedgerField("filing_status", _("Filing"), TEXT, 10, ("备案状态", "是否备案"), importable=False),
    LedgerField(
        "certificate_number",
        _("Filing certificate number"),
        TEXT,
        20,
        ("备案编号", "备案证号", "备案证书编号"),
        help=_(
            "Only for filings made before the platform; new filings get their number on approval."
        ),
    ),
    LedgerField("filed_on", _("Filed on"), DATE, 12, ("备案日期", "备案时间")),
    LedgerField(
        "star_rating", _("Star rating"), INTEGER, 6, ("星级", "星级评定"), importable=False
    ),
]

IMPORTABLE_STATUSES = (Status.ACTIVE, Status.DORMANT)

# Columns apps further up add to the ledger export, each with the query
# expression that computes it per organisation (one query still).
EXTRA_COLUMNS: list[tuple[LedgerField, object]] = []


def register_column(field: LedgerField, expression) -> None:
    """Add an export column (from an app's AppConfig.ready): `expression` is
    a callable returning a Django expression evaluated per organisation row."""
    if field.key not in {f.key for f, _ in EXTRA_COLUMNS}:
        EXTRA_COLUMNS.append((field, expression))


def organisation_columns() -> list[Column]:
    return [field.column for field in ORGANISATION_FIELDS] + [
        field.column for field, _ in EXTRA_COLUMNS
    ]


_VALUES = [
    "name",
    "area__level",
    "area__name",
    "area__parent__name",
    "category__name",
    "category__parent__name",
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
    "filing_status",
    "certificate_number",
    "filed_on",
    "star_rating",
]


def organisation_rows(queryset, user) -> Iterator[list]:
    """Ledger rows for `queryset` (already scoped), phones masked by role.

    One query, streamed in chunks: no per-row lookups whatever the size.
    """
    show_phone = can_see(user, PHONE)
    # Labels translated once, not once a row.
    tiers, statuses, filings, party = (
        {value: str(label) for value, label in choices.choices}
        for choices in (Tier, Status, FilingStatus, PartyOrgType)
    )
    extras = {f"extra_{field.key}": expression() for field, expression in EXTRA_COLUMNS}
    names = [*_VALUES, *extras]
    rows = (
        queryset.annotate(**extras)
        .order_by("area__code", "name")
        .values_list(*names)
        .iterator(chunk_size=2000)
    )
    for seq, values in enumerate(rows, start=1):
        row = dict(zip(names, values, strict=True))
        at_street = row["area__level"] == AreaLevel.STREET
        at_district = row["area__level"] == AreaLevel.DISTRICT
        if row["category__parent__name"]:
            category_class, category = row["category__parent__name"], row["category__name"]
        else:
            category_class, category = row["category__name"], ""
        phone = row["leader_phone"] if show_phone else mask_phone(row["leader_phone"])
        yield [
            seq,
            row["name"],
            "" if at_district else (row["area__name"] if at_street else row["area__parent__name"]),
            "" if (at_street or at_district) else row["area__name"],
            category_class,
            category,
            row["leader_name"],
            phone,
            row["leader_is_party_member"],
            row["member_count"],
            row["party_member_count"],
            row["founded_on"],
            row["venue"],
            tiers[row["tier"]],
            row["credit_code"],
            party[row["party_org_type"]],
            row["is_brand"],
            row["is_hub"],
            statuses[row["status"]],
            row["description"],
            filings[row["filing_status"]],
            row["certificate_number"],
            row["filed_on"],
            row["star_rating"],
            *(row[name] for name in extras),
        ]


# --- People (成员、达人库) ------------------------------------------------------

PEOPLE_FIELDS = [
    SEQUENCE,
    LedgerField("name", _("Full name"), TEXT, 10, ("姓名", "成员姓名"), required=True),
    LedgerField("gender", _("Gender"), TEXT, 6, ("性别",)),
    LedgerField(
        "phone", _("Phone"), TEXT, 15, ("联系电话", "手机号", "电话", "联系方式"), personal=PHONE
    ),
    LedgerField(
        "id_number",
        _("ID number"),
        TEXT,
        20,
        ("身份证号", "身份证号码", "公民身份号码"),
        help=_(
            "Identifies the person when given; otherwise the name and phone in the community do."
        ),
        personal=ID_NUMBER,
    ),
    LedgerField(
        "street",
        _("Street / town"),
        TEXT,
        12,
        ("所属街道", "街道", "镇街", "街道（乡镇）"),
        help=_("Needed only when two communities in your jurisdiction share a name."),
    ),
    LedgerField(
        "community",
        _("Community / village"),
        TEXT,
        14,
        ("所属社区", "社区", "社区（村）", "居住社区"),
        required=True,
    ),
    LedgerField(
        "organisation",
        _("Organisation"),
        TEXT,
        24,
        ("所属组织", "组织名称", "参加组织"),
        help=_("The organisation the person is a member of, by its name on the platform."),
    ),
    LedgerField(
        "member_role", _("Role in the organisation"), TEXT, 10, ("组织内职务", "职务", "担任职务")
    ),
    LedgerField("is_party_member", _("Party member"), BOOLEAN, 8, ("是否党员", "党员", "政治面貌")),
    LedgerField("joined_on", _("Joined on"), DATE, 12, ("加入日期", "入会日期", "加入时间")),
    LedgerField(
        "skills",
        _("Skills (talent pool)"),
        TEXT,
        20,
        ("特长", "特长（达人库）", "专长", "技能"),
        help=_("Fill in to list the person in the talent pool (达人库)."),
    ),
]


def people_columns() -> list[Column]:
    return [field.column for field in PEOPLE_FIELDS]


def people_rows(memberships, user) -> Iterator[list]:
    """One row per current membership (a person in two organisations has two)."""
    from orgs.models import MemberRole

    show_phone, show_id = can_see(user, PHONE), can_see(user, ID_NUMBER)
    roles, genders = dict(MemberRole.choices), {"m": _("Male"), "f": _("Female"), "": ""}
    fields = [
        "person__name",
        "person__gender",
        "person__phone",
        "person__id_number",
        "person__community__name",
        "person__community__parent__name",
        "organisation__name",
        "role",
        "person__is_party_member",
        "joined_on",
        "person__talent__skills",
    ]
    rows = (
        memberships.order_by("person__community__code", "person__name")
        .values_list(*fields)
        .iterator(chunk_size=2000)
    )
    for seq, values in enumerate(rows, start=1):
        (
            name,
            gender,
            phone,
            id_number,
            community,
            street,
            organisation,
            role,
            party,
            joined,
            skills,
        ) = values
        yield [
            seq,
            name,
            str(genders[gender]),
            phone if show_phone else mask_phone(phone),
            id_number if show_id else mask_id_number(id_number),
            street,
            community,
            organisation,
            str(roles[role]),
            party,
            joined,
            skills or "",
        ]
