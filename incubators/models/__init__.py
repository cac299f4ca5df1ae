from .checklists import PlanItem, QuarterPlan, Task, TaskList, TaskListStatus
from .funds import EntryKind, Fund, FundEntry
from .platforms import Platform, PlatformTraining, Residency, ResidencyStatus, ServiceKind
from .progress import Evidence, ProgressEntry, ProgressReport, ProgressStatus, ReportStatus
from .reviews import MonthlyReport, Review, ReviewKind
from .supervision import SupervisionOrder, SupervisionStatus

__all__ = [
    "EntryKind",
    "Evidence",
    "Fund",
    "FundEntry",
    "MonthlyReport",
    "PlanItem",
    "Platform",
    "PlatformTraining",
    "ProgressEntry",
    "ProgressReport",
    "ProgressStatus",
    "QuarterPlan",
    "ReportStatus",
    "Residency",
    "ResidencyStatus",
    "Review",
    "ReviewKind",
    "ServiceKind",
    "SupervisionOrder",
    "SupervisionStatus",
    "Task",
    "TaskList",
    "TaskListStatus",
]
