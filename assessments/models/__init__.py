from .annual import AnnualAssessment, PeerRating
from .indicators import Figure, Indicator, PeriodKind
from .interviews import OPEN_STATUSES, Interview, InterviewKind, InterviewStatus
from .monthly import Amendment, ItemScore, MonthlyScore
from .platforms import PlatformGrade, PlatformQuarter
from .runs import RollupKind, RollupRun
from .templates import FULL_MARKS, ScoreItem, ScoreTemplate

__all__ = [
    "FULL_MARKS",
    "OPEN_STATUSES",
    "Amendment",
    "AnnualAssessment",
    "Figure",
    "Indicator",
    "Interview",
    "InterviewKind",
    "InterviewStatus",
    "ItemScore",
    "MonthlyScore",
    "PeerRating",
    "PeriodKind",
    "PlatformGrade",
    "PlatformQuarter",
    "RollupKind",
    "RollupRun",
    "ScoreItem",
    "ScoreTemplate",
]
