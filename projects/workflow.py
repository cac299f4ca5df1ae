"""The micro-project's states and the named steps between them.

    draft ──publish──▶ published ──open_bidding──▶ bidding ──close_bidding──▶ under_review ──award──▶ notice ──take_effect──▶ awarded
                                                     └──close_without_bids──▶ no_bids        │
                                                            under_review ◀──withdraw_award───┘
    awarded ──start_delivery──▶ in_delivery ──deliver──▶ delivered ──accept──▶ accepted ──settle──▶ settled
                                   ▲                        │
                                   └─────return_delivery────┘
    cancel: draft, published, bidding, under_review, notice ──▶ cancelled

An award is on public notice (公示, projects.models.notices) before it takes
effect: `take_effect` is the platform's, when the period ends with no
objection pending or upheld; `withdraw_award` follows an upheld objection.
    fail:   awarded, in_delivery ──▶ failed

`move()` (lib.workflow.Machine) is the only way a status changes: it locks
the project, checks the step is allowed from where the project is, applies
the changes that come with it, and writes a ProjectEvent. The services in `projects.services`
call it with the rules of each step; `may()` says who may take a step,
from the status the project reads as (`Project.current_status`).
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from lib.workflow import Machine, Step
from orgs.roles import DECIDING_OFFICERS, OFFICE_ROLES, Role

from .models import NoticeStatus, Project, ProjectEvent
from .models import ProjectStatus as S

STEPS = {
    "publish": Step(frozenset({S.DRAFT}), S.PUBLISHED, gettext_lazy("Approve and publish")),
    "open_bidding": Step(frozenset({S.PUBLISHED}), S.BIDDING, gettext_lazy("Open for bids")),
    "close_bidding": Step(frozenset({S.BIDDING}), S.UNDER_REVIEW, gettext_lazy("Close bidding")),
    "close_without_bids": Step(
        frozenset({S.BIDDING}), S.NO_BIDS, gettext_lazy("Close bidding: no bids")
    ),
    "award": Step(frozenset({S.UNDER_REVIEW}), S.NOTICE, gettext_lazy("Award")),
    "take_effect": Step(frozenset({S.NOTICE}), S.AWARDED, gettext_lazy("Award takes effect")),
    "withdraw_award": Step(
        frozenset({S.NOTICE}), S.UNDER_REVIEW, gettext_lazy("Award withdrawn after an objection")
    ),
    "start_delivery": Step(frozenset({S.AWARDED}), S.IN_DELIVERY, gettext_lazy("Start delivery")),
    "deliver": Step(
        frozenset({S.IN_DELIVERY}), S.DELIVERED, gettext_lazy("Report delivery complete")
    ),
    "accept": Step(frozenset({S.DELIVERED}), S.ACCEPTED, gettext_lazy("Accept the delivery")),
    "return_delivery": Step(
        frozenset({S.DELIVERED}), S.IN_DELIVERY, gettext_lazy("Return the delivery")
    ),
    "settle": Step(frozenset({S.ACCEPTED}), S.SETTLED, gettext_lazy("Evaluate and settle")),
    "cancel": Step(
        frozenset({S.DRAFT, S.PUBLISHED, S.BIDDING, S.UNDER_REVIEW, S.NOTICE}),
        S.CANCELLED,
        pgettext_lazy("project", "Cancel"),
    ),
    "fail": Step(frozenset({S.AWARDED, S.IN_DELIVERY}), S.FAILED, gettext_lazy("Declare failed")),
}

MACHINE = Machine(Project, ProjectEvent, STEPS, record_field="project")
move = MACHINE.move


def may(user, project: Project, step: str) -> bool:
    """Whether `user` may take `step` on `project` (its jurisdiction already checked)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if project.current_status not in STEPS[step].sources:  # as it reads, not as stored
        return False
    role = user.role
    if user.sees_everything:
        return step not in ("start_delivery", "deliver")  # the organisation's own steps
    office = role in OFFICE_ROLES
    if step in ("publish", "fail"):
        return role in DECIDING_OFFICERS
    if step in ("award", "accept", "return_delivery", "settle", "cancel"):
        return office
    if step in ("start_delivery", "deliver"):
        if role != Role.ORG_LEADER or not user.organisation_id:
            return False
        if project.status == S.NOTICE:  # reads as awarded: the notice's proposed bid
            return project.notices.filter(
                status=NoticeStatus.OPEN, bid__organisation_id=user.organisation_id
            ).exists()
        return project.bids.filter(organisation_id=user.organisation_id, status="awarded").exists()
    # Opening and closing bidding and an award taking effect are the
    # platform's, on schedule; an award is withdrawn by answering an objection.
    return False
