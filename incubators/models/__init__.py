from .checklists import (
    Evidence,
    PlanItem,
    ProgressEntry,
    ProgressReport,
    ProgressStatus,
    QuarterPlan,
    ReportStatus,
    SupervisionOrder,
    SupervisionStatus,
    Task,
    TaskList,
    TaskListStatus,
)
from .funds import EntryKind, Fund, FundEntry
from .platforms import Platform, PlatformTraining, Residency, ResidencyStatus, ServiceKind
from .reviews import MonthlyReport, Review, ReviewKind

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
