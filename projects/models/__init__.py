from .bids import Bid, BidMember, BidStatus, BudgetLine, ConflictDeclaration, Score
from .delivery import (
    ActivityPhoto,
    ActivityReport,
    BeneficiaryCount,
    Expense,
    Milestone,
    Payment,
    PaymentKind,
)
from .lists import Direction, Need, NeedStatus, Offer, Resource, ResourceKind, Urgency
from .notices import BLOCKING, AwardNotice, NoticeStatus, Objection, ObjectionStatus
from .rounds import Round, RoundCriterion, RoundStatus
from .tenders import (
    SEALED_STATUSES,
    Project,
    ProjectCriterion,
    ProjectEvent,
    ProjectStatus,
    status_q,
)

__all__ = [
    "SEALED_STATUSES",
    "ActivityPhoto",
    "ActivityReport",
    "AwardNotice",
    "BLOCKING",
    "BeneficiaryCount",
    "Bid",
    "BidMember",
    "BidStatus",
    "BudgetLine",
    "ConflictDeclaration",
    "Direction",
    "Expense",
    "Milestone",
    "Need",
    "NeedStatus",
    "NoticeStatus",
    "Objection",
    "ObjectionStatus",
    "Offer",
    "Payment",
    "PaymentKind",
    "Project",
    "ProjectCriterion",
    "ProjectEvent",
    "ProjectStatus",
    "Resource",
    "ResourceKind",
    "Round",
    "RoundCriterion",
    "RoundStatus",
    "Score",
    "Urgency",
    "status_q",
]
