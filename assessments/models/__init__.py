from .annual import AnnualAssessment, PeerRating
from .indicators import BREAKDOWNS, Figure, Indicator, PeriodKind
from .interviews import OPEN_STATUSES, Interview, InterviewKind, InterviewStatus
from .monthly import Amendment, ItemScore, MonthlyScore
from .platforms import PlatformGrade, PlatformQuarter
from .runs import RollupKind, RollupRun
from .surveys import QUESTIONS, Level, PaperSurvey, SurveyAnswer
from .templates import FULL_MARKS, ScoreItem, ScoreTemplate

__all__ = [
    "FULL_MARKS",
    "OPEN_STATUSES",
    "QUESTIONS",
    "Amendment",
    "AnnualAssessment",
    "BREAKDOWNS",
    "Figure",
    "Indicator",
    "Interview",
    "InterviewKind",
    "InterviewStatus",
    "ItemScore",
    "Level",
    "MonthlyScore",
    "PaperSurvey",
    "PeerRating",
    "PeriodKind",
    "PlatformGrade",
    "PlatformQuarter",
    "RollupKind",
    "RollupRun",
    "ScoreItem",
    "ScoreTemplate",
    "SurveyAnswer",
]
