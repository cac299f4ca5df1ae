from .access_log import AccessLog, AccessSurface
from .accounts import User
from .categories import Category
from .departments import Department, DepartmentKind
from .filing import ApplicationStatus, FilingApplication, FilingSequence
from .groups import ServedGroup, serving
from .imports import ImportJob, ImportState
from .organisations import (
    FilingStatus,
    Organisation,
    PartyOrgType,
    Stage,
    Status,
    Tier,
)
from .people import Gender, MemberRole, Membership, Person, Talent
from .providers import Provider, ProviderClerk, ProviderKind
from .recognition import CalendarDay, Commendation
from .territory import Area, AreaLevel, CommunityType
from .tokens import ApiToken
from .trainings import Attendance, Training
from .transformations import Transformation, TransformationKind
from .volunteering import PointsEntry, PointsKind, ServiceRecord

__all__ = [
    "AccessLog",
    "AccessSurface",
    "ApiToken",
    "ApplicationStatus",
    "Area",
    "AreaLevel",
    "Attendance",
    "CalendarDay",
    "Category",
    "Commendation",
    "CommunityType",
    "Department",
    "DepartmentKind",
    "FilingApplication",
    "FilingSequence",
    "FilingStatus",
    "Gender",
    "ImportJob",
    "ImportState",
    "MemberRole",
    "Membership",
    "Organisation",
    "PartyOrgType",
    "Person",
    "PointsEntry",
    "PointsKind",
    "Provider",
    "ProviderClerk",
    "ProviderKind",
    "ServedGroup",
    "serving",
    "ServiceRecord",
    "Stage",
    "Status",
    "Talent",
    "Tier",
    "Training",
    "Transformation",
    "TransformationKind",
    "User",
]
