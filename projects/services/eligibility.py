"""Who may bid for a project by the rules of its round: checked at
submission for the bidder and, in a joint bid, for every member."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from incubators.models import Platform, Residency
from orgs.models import FilingStatus, Organisation, Tier

from ..models import Project, Round


def _grade_rank(grade: str) -> int | None:
    """0 for the best grade (A), then 1, 2…; None for no grade or a failing one."""
    order = sorted(settings.PLATFORM_GRADES, key=lambda g: -settings.PLATFORM_GRADES[g])
    return order.index(grade) if grade in order else None


def platform_grades(organisation: Organisation) -> list[str]:
    """The latest grades of the platforms in operation that the organisation
    runs or is resident in now ("" for one not graded yet)."""
    resident_in = Residency.objects.current().filter(organisation=organisation)
    return sorted(
        Platform.objects.filter(is_active=True)
        .filter(Q(operator=organisation) | Q(pk__in=resident_in.values("platform_id")))
        .values_list("grade", flat=True)
        .distinct()
    )


def platform_grades_of(organisation_ids) -> dict[int, list[str]]:
    """`platform_grades` for several organisations at once (two queries):
    what the office and the panel see of each bidder's platforms."""
    found: dict[int, set[str]] = {}
    operated = Platform.objects.filter(is_active=True, operator_id__in=organisation_ids)
    for operator_id, grade in operated.values_list("operator_id", "grade"):
        found.setdefault(operator_id, set()).add(grade)
    resident = Residency.objects.current().filter(
        organisation_id__in=organisation_ids, platform__is_active=True
    )
    for organisation_id, grade in resident.values_list("organisation_id", "platform__grade"):
        found.setdefault(organisation_id, set()).add(grade)
    return {pk: sorted(grades) for pk, grades in found.items()}


def _platform_grade_refusal(organisation: Organisation, rules: Round) -> str | None:
    minimum = _grade_rank(rules.min_platform_grade)
    if minimum is None:
        return None
    grades = platform_grades(organisation)
    if any((rank := _grade_rank(g)) is not None and rank <= minimum for g in grades):
        return None
    if not grades:
        return _(
            "This round asks for a platform graded %(grade)s or better; the organisation "
            "neither runs nor is resident in a platform in operation."
        ) % {"grade": rules.min_platform_grade}
    return _(
        "This round asks for a platform graded %(grade)s or better; the organisation's "
        "platform is graded %(have)s."
    ) % {
        "grade": rules.min_platform_grade,
        "have": "、".join(g or _("not graded yet") for g in grades),
    }


def _round_refusals(organisation: Organisation, rules: Round) -> list[str]:
    reasons = []
    if rules.min_star_rating and (organisation.star_rating or 0) < rules.min_star_rating:
        reasons.append(
            _("This round asks for at least %(stars)s stars; the organisation has %(have)s.")
            % {
                "stars": rules.min_star_rating,
                "have": organisation.star_rating or _("no rating yet"),
            }
        )
    if rules.exclude_under_rectification and organisation.under_rectification:
        reasons.append(
            _("The organisation is under rectification until %(date)s.")
            % {"date": organisation.rectification_due_on}
        )
    if rules.require_filing and not (
        organisation.filing_status == FilingStatus.APPROVED or organisation.tier == Tier.REGISTERED
    ):
        reasons.append(_("This round is open to filed or registered organisations only."))
    if (
        rules.require_residency
        and not Residency.objects.current().filter(organisation=organisation).exists()
    ):
        reasons.append(_("This round is open to organisations resident in a platform only."))
    if grade := _platform_grade_refusal(organisation, rules):
        reasons.append(grade)
    return reasons


def refusals(organisation: Organisation, project: Project) -> list[str]:
    """Why `organisation` may not bid for `project`: empty when it may."""
    reasons = []
    if not organisation.is_live:
        reasons.append(_("The organisation is merged or dissolved."))
    if not organisation.area.code.startswith(project.community.code[:6]):
        reasons.append(_("The project is in another district."))
    if project.round is not None:
        reasons.extend(_round_refusals(organisation, project.round))
    return reasons


def member_refusals(organisations, project: Project) -> list[str]:
    """Why the members of a joint bid may not bid, each reason naming its
    member: the round's rules apply to every one of them."""
    return [
        _("%(organisation)s: %(reason)s") % {"organisation": member.name, "reason": reason}
        for member in organisations
        for reason in refusals(member, project)
    ]
