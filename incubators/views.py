"""Portal pages: the platform tree (district → street → community) and a platform."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from orgs.scoping import get_for_user_or_404

from .models import Platform, Residency, ResidencyStatus, SupervisionStatus


def _with_counts(platforms):
    return platforms.select_related("area", "operator").annotate(
        resident_count=Count("residencies", filter=Q(residencies__status=ResidencyStatus.RESIDENT)),
        graduate_count=Count(
            "residencies", filter=Q(residencies__status=ResidencyStatus.GRADUATED)
        ),
        open_orders=Count(
            "supervision_orders",
            filter=Q(supervision_orders__status=SupervisionStatus.OPEN),
            distinct=True,
        ),
    )


@login_required
def tree(request):
    """Every platform the user may see, under the one that guides it, with its
    residents and graduates counted (one query)."""
    platforms = list(
        _with_counts(Platform.objects.for_user(request.user)).order_by("area__code", "name")
    )
    children = {}
    visible = {p.pk for p in platforms}
    roots = []
    for platform in platforms:
        if platform.parent_id in visible:
            children.setdefault(platform.parent_id, []).append(platform)
        else:
            roots.append(platform)

    def node(platform):
        return {
            "platform": platform,
            "children": [node(child) for child in children.get(platform.pk, [])],
        }

    totals = {
        "residents": sum(p.resident_count for p in platforms),
        "graduates": sum(p.graduate_count for p in platforms),
        "platforms": len(platforms),
    }
    return render(
        request, "incubators/tree.html", {"nodes": [node(root) for root in roots], "totals": totals}
    )


@login_required
def platform(request, pk):
    platform = get_for_user_or_404(
        _with_counts(Platform.objects.prefetch_related("specialisms")), request.user, pk=pk
    )
    residencies = (
        Residency.objects.filter(platform=platform)
        .select_related("organisation__category")
        .order_by("-entered_on")
    )
    return render(
        request,
        "incubators/platform.html",
        {
            "platform": platform,
            "residents": [r for r in residencies if r.status == ResidencyStatus.RESIDENT],
            "left": [r for r in residencies if r.status != ResidencyStatus.RESIDENT],
            "reports": platform.monthly_reports.order_by("-year", "-month")[:6],
            "reviews": platform.reviews.order_by("-year", "-number")[:6],
            "orders": platform.supervision_orders.select_related("task_list").order_by(
                "-issued_at"
            )[:6],
        },
    )


def public_platforms(request):
    """The platforms in operation, for anyone: what each is known for
    (specialisms) and the support its residents receive (水电减免,
    以服务换租金), counted. Two queries: the platforms with their counts,
    and their specialisms."""
    resident = Q(residencies__status=ResidencyStatus.RESIDENT)
    platforms = (
        Platform.objects.filter(is_active=True)
        .select_related("area")
        .prefetch_related("specialisms")
        .annotate(
            resident_count=Count("residencies", filter=resident),
            utilities_waived=Count(
                "residencies", filter=resident & Q(residencies__utilities_waived=True)
            ),
            rent_in_services=Count(
                "residencies", filter=resident & Q(residencies__rent_in_services=True)
            ),
        )
        .order_by("area__code", "name")
    )
    return render(request, "incubators/public_platforms.html", {"platforms": list(platforms)})
