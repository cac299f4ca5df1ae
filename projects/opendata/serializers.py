"""What each open-data record says, for the API and the files alike.

Serializers read objects that `datasets` prepared (awards and payments for a
page's projects in a few queries, handed over in the context), so a page of
fifty projects costs what one does."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import ProjectStatus, RoundStatus


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


class EligibilitySerializer(serializers.Serializer):
    min_star_rating = serializers.IntegerField(help_text="Stars an organisation needs (0: none)")
    exclude_under_rectification = serializers.BooleanField()
    require_filing = serializers.BooleanField()
    require_residency = serializers.BooleanField()


class ResultSerializer(serializers.Serializer):
    project_id = serializers.IntegerField()
    project = serializers.CharField()
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    on_notice = serializers.BooleanField()


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    call = serializers.CharField(source="description", help_text="The call's text")
    district = AreaSerializer()
    fund = serializers.CharField(source="fund.name")
    budget = serializers.DecimalField(max_digits=12, decimal_places=2)
    directions = serializers.SerializerMethodField()
    eligibility = serializers.SerializerMethodField()
    status = serializers.CharField(source="current_status")
    status_label = serializers.CharField(source="get_current_status_display")
    opens_on = serializers.DateField()
    bids_close_at = serializers.DateTimeField()
    review_ends_on = serializers.DateField()
    results_on = serializers.DateField()
    notice_working_days = serializers.IntegerField(source="notice_days")
    results = serializers.SerializerMethodField(
        help_text="Which organisation got which project for how much: null until published"
    )

    def get_directions(self, round_) -> list[str]:
        return [direction.name for direction in round_.directions.all()]

    @extend_schema_field(EligibilitySerializer)
    def get_eligibility(self, round_):
        return EligibilitySerializer(round_).data

    @extend_schema_field(ResultSerializer(many=True, allow_null=True))
    def get_results(self, round_):
        if round_.status != RoundStatus.PUBLISHED:
            return None
        results = self.context["results"].get(round_.pk, [])
        return ResultSerializer(results, many=True).data


class AwardSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField()
    organisation = serializers.CharField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    on_notice = serializers.BooleanField(help_text="Still on public notice (公示), not in effect")


class ProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    community = AreaSerializer()
    street = serializers.CharField(source="community.parent.name")
    round_id = serializers.IntegerField(allow_null=True)
    round = serializers.CharField(source="round.title", allow_null=True, default=None)
    direction = serializers.CharField(source="direction.name", allow_null=True, default=None)
    groups = serializers.SerializerMethodField(
        help_text="The groups it serves, as 老年人 or 老年人 / 高龄老人"
    )
    status = serializers.CharField(source="status_now")
    status_label = serializers.SerializerMethodField()
    budget_ceiling = serializers.DecimalField(max_digits=10, decimal_places=2)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    beneficiaries_target = serializers.IntegerField(source="beneficiaries")
    beneficiaries_reached = serializers.IntegerField(allow_null=True)
    award = serializers.SerializerMethodField()
    paid_total = serializers.SerializerMethodField()
    evaluation_score = serializers.SerializerMethodField(help_text="Once settled")

    def get_status_label(self, project) -> str:
        return str(ProjectStatus(project.status_now).label)

    def get_groups(self, project) -> list[str]:
        return [str(group) for group in project.groups.all()]

    @extend_schema_field(AwardSerializer(allow_null=True))
    def get_award(self, project):
        award = self.context["awards"].get(project.pk)
        return AwardSerializer(award).data if award else None

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_paid_total(self, project):
        paid = sum(
            (amount for _, _, amount in self.context["payments"].get(project.pk, [])), Decimal(0)
        )
        return f"{paid:.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True))
    def get_evaluation_score(self, project):
        if project.status_now != ProjectStatus.SETTLED or project.evaluation_score is None:
            return None
        return f"{project.evaluation_score:.1f}"


class ObjectionSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    grounds = serializers.CharField()
    lodged_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    project = serializers.CharField(source="project.title")
    community = AreaSerializer(source="project.community")
    organisation_id = serializers.IntegerField(source="bid.organisation_id")
    organisation = serializers.CharField(source="bid.organisation.name")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    working_days = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    # What it reads as now (disclosure.notice_status): in effect once its
    # period is over with nothing blocking, before the schedule stores it.
    status = serializers.CharField(source="status_now")
    status_label = serializers.CharField(source="status_now_label")
    decided_at = serializers.DateTimeField(allow_null=True)
    objections = ObjectionSerializer(many=True)


class FundMonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The month's first day")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class FundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    area = AreaSerializer()
    opened_on = serializers.DateField()
    is_open = serializers.BooleanField(source="is_active")
    months = serializers.SerializerMethodField(help_text="Money by month and kind")

    @extend_schema_field(FundMonthSerializer(many=True))
    def get_months(self, fund):
        return FundMonthSerializer(self.context["months"].get(fund.pk, []), many=True).data


class OrganisationSerializer(serializers.Serializer):
    """The directory's and the public page's facts: never the leader."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()
    area = AreaSerializer()
    street = serializers.SerializerMethodField()
    tier = serializers.CharField()
    tier_label = serializers.CharField(source="get_tier_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    filing = serializers.CharField(source="filing_for_the_public")
    certificate_number = serializers.CharField()
    credit_code = serializers.CharField()
    star_rating = serializers.IntegerField(allow_null=True)
    star_year = serializers.IntegerField(allow_null=True)
    founded_on = serializers.DateField(allow_null=True)
    member_count = serializers.IntegerField()
    is_brand = serializers.BooleanField()

    def get_street(self, organisation) -> str:
        street = organisation.street
        return street.name if street else ""
