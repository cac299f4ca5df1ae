"""What an incubator operator sees here: the scores, interviews and annual
assessments of its platforms, including organisations that have since left
(the residents-only rule of the incubators app would hide those)."""

from django.db.models import Q

from .models import AnnualAssessment, Interview, MonthlyScore


def operator_rule(user, qs) -> Q | None:
    if user.organisation_id is None:
        return None
    if qs.model in (MonthlyScore, Interview, AnnualAssessment):
        return Q(platform__operator_id=user.organisation_id)
    return None
