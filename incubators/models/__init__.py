from .checklists import PlanItem, QuarterPlan, Task, TaskList, TaskListStatus
from .funds import EntryKind, Fund, FundEntry, FundSource
from .platforms import (
    Platform,
    PlatformTraining,
    Residency,
    ResidencyStatus,
    ServiceKind,
    Specialism,
)
from .progress import Evidence, ProgressEntry, ProgressReport, ProgressStatus, ReportStatus
from .reviews import MonthlyReport, Review, ReviewKind
from .supervision import SupervisionOrder, SupervisionStatus

__all__ = [
    "EntryKind",
    "Evidence",
    "Fund",
    "FundEntry",
    "FundSource",
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
    "Specialism",
    "SupervisionOrder",
    "SupervisionStatus",
    "Task",
    "TaskList",
    "TaskListStatus",
]
