"""The open datasets: for each, which rows (from `projects.disclosure`, or
the public directory of organisations), how they are filtered, what a page
of them needs to be serialized, and the columns of its CSV file.

The API serves `page()`s of these records, the files all of them
(`records()`), through the same serializer: a file is the API's answer in
one piece."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.models import Organisation, ServedGroup, Status, serving

from .. import disclosure
from . import filters
from . import serializers as s

CHUNK = 500  # rows serialized at once when writing a whole file


@dataclass(frozen=True)
class Column:
    """A CSV column: its heading, and the value of a record (or, in a
    dataset with `expand`, of a record and one of its sub-items)."""

    label: str
    value: Callable


def key(path: str) -> Callable:
    """The value at a dotted path of the record (or `sub.` of its sub-item)."""

    def read(record, sub=None):
        value = sub if path.startswith("sub.") else record
        for part in path.removeprefix("sub.").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, list):
            return "、".join(map(str, value))
        return "" if value is None else value

    return read


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    serializer: type
    filter_class: type
    rows: Callable  # filters -> ordered queryset
    columns: tuple
    context: Callable = lambda objects, filters: {}
    expand: str = ""  # a list field written one CSV row per item

    def serialize(self, objects, params) -> list[dict]:
        return self.serializer(objects, many=True, context=self.context(objects, params)).data

    def records(self, params) -> Iterator[dict]:
        """Every record, serialized CHUNK at a time."""
        rows = self.rows(params).iterator(chunk_size=CHUNK)
        while chunk := list(islice(rows, CHUNK)):
            yield from self.serialize(chunk, params)

    def csv_rows(self, record) -> Iterator[list]:
        # A record with no sub-items (a fund with no money yet) still has its row.
        subs = record.get(self.expand) if self.expand else None
        for sub in subs or [None]:
            yield [column.value(record, sub) for column in self.columns]


# --- rounds -------------------------------------------------------------------------------


def _rounds(params):
    rounds = disclosure.rounds()
    if "area" in params:
        code = params["area"]
        rounds = rounds.filter(
            Q(district__code__startswith=code) | Q(district__code=code[:6])
            if len(code) > 6
            else Q(district__code__startswith=code)
        )
    if "year" in params:
        rounds = rounds.filter(opens_on__year=params["year"])
    return rounds.order_by("-opens_on", "-id")


def _round_results(rounds, params) -> dict:
    """The published rounds' results: each awarded project of theirs."""
    return {
        "results": {
            round_id: [{**award.__dict__, "project": project.title} for project, award in found]
            for round_id, found in disclosure.results_by_round(rounds).items()
        }
    }


def _results_text(record, sub=None) -> str:
    return "；".join(
        f"{r['project']}：{r['organisation']} {r['amount']}" for r in record["results"] or []
    )


ROUNDS = Dataset(
    name="rounds",
    title=_("Project rounds"),
    description=_(
        "Each call for micro-projects (公益创投) once opened: budget, fund, directions, "
        "who may bid, its dates, and its results once published."
    ),
    serializer=s.RoundSerializer,
    filter_class=filters.AreaYearFilter,
    rows=_rounds,
    context=_round_results,
    columns=(
        Column(_("Round number"), key("id")),
        Column(_("Title"), key("title")),
        Column(_("District"), key("district.name")),
        Column(_("Fund"), key("fund")),
        Column(_("Budget pool (yuan)"), key("budget")),
        Column(_("Directions"), key("directions")),
        Column(_("Minimum star rating"), key("eligibility.min_star_rating")),
        Column(_("Filed or registered organisations only"), key("eligibility.require_filing")),
        Column(_("Resident organisations only"), key("eligibility.require_residency")),
        Column(
            _("Organisations under rectification excluded"),
            key("eligibility.exclude_under_rectification"),
        ),
        Column(_("Status"), key("status_label")),
        Column(_("Bidding opens on"), key("opens_on")),
        Column(_("Bidding closes at"), key("bids_close_at")),
        Column(_("Review ends on"), key("review_ends_on")),
        Column(_("Results published on"), key("results_on")),
        Column(_("Notice period (working days)"), key("notice_working_days")),
        Column(_("Results"), _results_text),
    ),
)

# --- projects -----------------------------------------------------------------------------


def _projects(params):
    projects = disclosure.projects()
    if "area" in params:
        projects = projects.filter(filters.within("community__code", params["area"]))
    if "round" in params:
        projects = projects.filter(round_id=params["round"])
    if "year" in params:
        projects = projects.filter(starts_on__year=params["year"])
    if "group" in params:
        projects = serving(projects, params["group"])
    groups = Prefetch("groups", queryset=ServedGroup.objects.in_order())
    return projects.prefetch_related(groups).order_by("-starts_on", "-id")


def _project_money(projects, params) -> dict:
    ids = [project.pk for project in projects]
    return {"awards": disclosure.awards(ids), "payments": disclosure.payments(ids)}


PROJECTS = Dataset(
    name="projects",
    title=_("Micro-projects"),
    description=_(
        "Every published micro-project: where, in which round and direction, whom it "
        "serves, its status "
        "now, budget ceiling, beneficiaries, the award (organisation and amount, and "
        "whether still on public notice), what has been paid, and its evaluation score "
        "once settled."
    ),
    serializer=s.ProjectSerializer,
    filter_class=filters.ProjectFilter,
    rows=_projects,
    context=_project_money,
    columns=(
        Column(_("Project number"), key("id")),
        Column(_("Title"), key("title")),
        Column(_("Street / town"), key("street")),
        Column(_("Community"), key("community.name")),
        Column(_("Community code"), key("community.code")),
        Column(_("Round"), key("round")),
        Column(_("Direction"), key("direction")),
        Column(_("Groups served"), key("groups")),
        Column(_("Status"), key("status_label")),
        Column(_("Budget ceiling (yuan)"), key("budget_ceiling")),
        Column(_("Service starts on"), key("starts_on")),
        Column(_("Service ends on"), key("ends_on")),
        Column(_("Beneficiaries (target)"), key("beneficiaries_target")),
        Column(_("Beneficiaries reached"), key("beneficiaries_reached")),
        Column(_("Awarded organisation"), key("award.organisation")),
        Column(_("Awarded amount (yuan)"), key("award.amount")),
        Column(_("Award on public notice"), key("award.on_notice")),
        Column(_("Paid (yuan)"), key("paid_total")),
        Column(_("Evaluation score"), key("evaluation_score")),
    ),
)

# --- award notices ------------------------------------------------------------------------


def _notices(params):
    notices = disclosure.notices()
    if "area" in params:
        notices = notices.filter(filters.within("project__community__code", params["area"]))
    if "round" in params:
        notices = notices.filter(project__round_id=params["round"])
    if "year" in params:
        notices = notices.filter(published_at__year=params["year"])
    return notices.order_by("-published_at", "-id")


def _objections_text(record, sub=None) -> str:
    return "\n".join(
        f"{o['organisation']}（{o['status_label']}）：{o['grounds']}"
        + (f" {_('Answer')}：{o['answer']}" if o["answer"] else "")
        for o in record["objections"]
    )


NOTICES = Dataset(
    name="notices",
    title=_("Award notices (公示)"),
    description=_(
        "Each proposed award put on public notice: the project, the organisation, the "
        "amount, the period and its outcome, with the objections (质疑) lodged against it: "
        "the organisation that lodged each, its grounds, status and answer."
    ),
    serializer=s.NoticeSerializer,
    filter_class=filters.AreaRoundYearFilter,
    rows=_notices,
    columns=(
        Column(_("Notice number"), key("id")),
        Column(_("Project number"), key("project_id")),
        Column(_("Project"), key("project")),
        Column(_("Community"), key("community.name")),
        Column(_("Awarded organisation"), key("organisation")),
        Column(_("Amount (yuan)"), key("amount")),
        Column(_("Notice period (working days)"), key("working_days")),
        Column(_("Published at"), key("published_at")),
        Column(_("Notice period ends at"), key("ends_at")),
        Column(_("Status"), key("status_label")),
        Column(_("Took effect or withdrawn at"), key("decided_at")),
        Column(_("Objections"), _objections_text),
    ),
)

# --- funds --------------------------------------------------------------------------------


def _funds(params):
    funds = disclosure.funds()
    if "area" in params:
        funds = funds.filter(filters.within("area__code", params["area"]))
    return funds.order_by("area__code", "name", "id")


def _fund_months(funds, params) -> dict:
    bounds = {}
    if "year" in params:
        year = params["year"]
        bounds = {"start": date(year, 1, 1), "end": date(year + 1, 1, 1)}
    return {"months": disclosure.funds_months(funds, **bounds)}


FUNDS = Dataset(
    name="funds",
    title=_("Governance funds"),
    description=_(
        "Each governance fund's money by month and kind (donations in, allocations to "
        "projects, disbursements, refunds, releases); never who gave or received it."
    ),
    serializer=s.FundSerializer,
    filter_class=filters.AreaYearFilter,
    rows=_funds,
    context=_fund_months,
    expand="months",
    columns=(
        Column(_("Fund number"), key("id")),
        Column(_("Fund name"), key("name")),
        Column(_("Area"), key("area.name")),
        Column(_("Area code"), key("area.code")),
        Column(
            pgettext_lazy("calendar", "Month"), lambda record, sub: sub["month"][:7] if sub else ""
        ),
        Column(_("Kind"), key("sub.kind_label")),
        Column(_("Amount (yuan)"), key("sub.amount")),
    ),
)

# --- organisations ------------------------------------------------------------------------


def _organisations(params):
    organisations = Organisation.objects.filter(
        status__in=[Status.ACTIVE, Status.DORMANT]
    ).select_related("area__parent", "category__parent")
    if "area" in params:
        organisations = organisations.filter(filters.within("area__code", params["area"]))
    return organisations.order_by("area__code", "name", "id")


ORGANISATIONS = Dataset(
    name="organisations",
    title=_("Community organisations"),
    description=_(
        "The public directory: each active or dormant organisation's name, category, "
        "area, tier, status, filing or registration, and star rating; never its leader."
    ),
    serializer=s.OrganisationSerializer,
    filter_class=filters.AreaFilter,
    rows=_organisations,
    columns=(
        Column(_("Organisation number"), key("id")),
        Column(_("Organisation name"), key("name")),
        Column(_("Organisation category"), key("category")),
        Column(_("Street / town"), key("street")),
        Column(_("Area"), key("area.name")),
        Column(_("Area code"), key("area.code")),
        Column(_("Management tier"), key("tier_label")),
        Column(_("Status"), key("status_label")),
        Column(_("Filing"), key("filing")),
        Column(_("Filing certificate number"), key("certificate_number")),
        Column(_("Unified social credit code"), key("credit_code")),
        Column(_("Star rating"), key("star_rating")),
        Column(_("Rated for year"), key("star_year")),
        Column(_("Founded on"), key("founded_on")),
        Column(_("Members"), key("member_count")),
        Column(_("Brand organisation"), key("is_brand")),
    ),
)

DATASETS = {d.name: d for d in (ROUNDS, PROJECTS, NOTICES, FUNDS, ORGANISATIONS)}
