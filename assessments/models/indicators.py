"""District indicators (the figures the annual reports cite), per area and
period, written by the rollups: one row per area, period and figure.

Rates are not stored: each is a pair of counts (filed of fileable, satisfied
of rated), so a street's rate is computed from its communities' counts, never
averaged from their rates.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.scoping import ScopedQuerySet


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class Figure(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    TARGET = "target", _("Target number of organisations")
    COMMUNITIES = "communities", _("Communities")
    COMMUNITIES_AT_TARGET = "communities_at_target", _("Communities at target")
    FILEABLE = "fileable", _("Organisations to file")
    FILED = "filed", _("Organisations filed")
    PARTY_COVERED = "party_covered", _("Organisations with a party organisation")
    TRAININGS = "trainings", _("Trainings")
    PERSON_TIMES = "person_times", _("Training person-times")
    VOLUNTEER_HOURS = "volunteer_hours", _("Volunteer hours")
    TICKETS_FOUND = "tickets_found", _("Tickets found")
    TICKETS_CLOSED = "tickets_closed", _("Tickets closed")
    TICKETS_ON_TIME = "tickets_on_time", _("Tickets closed on time")
    TICKETS_OVERDUE = "tickets_overdue", _("Tickets overdue")
    TICKETS_RATED = "tickets_rated", _("Ratings")
    TICKETS_SATISFIED = "tickets_satisfied", _("Satisfied ratings")
    PROJECTS = "projects", _("Projects awarded")
    BENEFICIARIES = "beneficiaries", _("Beneficiaries")
    MONEY_GRANTED = "money_granted", _("Money granted (yuan)")
    STARS_5 = "stars_5", _("Five-star organisations")
    STARS_4 = "stars_4", _("Four-star organisations")
    STARS_3 = "stars_3", _("Three-star organisations")
    STARS_2 = "stars_2", _("Two-star organisations")
    STARS_1 = "stars_1", _("One-star organisations")
    GRADE_A = "grade_a", _("Platforms graded A")
    GRADE_B = "grade_b", _("Platforms graded B")
    GRADE_C = "grade_c", _("Platforms graded C")
    GRADE_D = "grade_d", _("Platforms graded D")
    # The seeds' own headline figures (issue 23).
    NEW_ORGANISATIONS = "new_organisations", _("New organisations")
    MEMBERS = "members", _("Members")
    NEW_MEMBERS = "new_members", _("New members")
    BRAND_ORGANISATIONS = "brand_organisations", _("Brand organisations")
    COMMUNITIES_WITH_BRAND = "communities_with_brand", _("Communities with a brand (一社一品)")
    STREETS = "streets", _("Streets and towns")
    STREETS_WITH_BRANDS = "streets_with_brands", _("Streets with several brands (一街多品)")
    STREETS_WITH_HUB = "streets_with_hub", _("Streets with a federation (联合会)")
    STREETS_WITH_BASE = "streets_with_base", _("Streets with an incubation base")
    GRID_ORGANISATIONS = "grid_organisations", _("Organisations in grids")
    GRID_MEMBERS = "grid_members", _("Members of organisations in grids")
    # Breakdowns: one row per member of the breakdown, named by `key`.
    TRANSFORMATIONS = "transformations", _("Transformations, by kind")
    TRAININGS_BY_PROGRAMME = "trainings_by_programme", _("Trainings, by programme")
    PERSON_TIMES_BY_PROGRAMME = "person_times_by_programme", _("Person-times, by programme")
    MONEY_BY_DIRECTION = "money_by_direction", _("Money granted, by direction (yuan)")
    MONEY_BY_GROUP = "money_by_group", _("Money granted, by group served (yuan)")
    PROJECTS_BY_GROUP = "projects_by_group", _("Projects awarded, by group served")
    BENEFICIARIES_BY_GROUP = "beneficiaries_by_group", _("Beneficiaries, by group served")
    # The rest of the seeds (issue 24).
    PARTY_HOUSEHOLDS = "party_households", _("Households linked to party members (党员联系户)")
    PARTY_HOUSEHOLD_SERVICES = "party_household_services", _("Services to linked households")
    PARTY_REGISTERED = "party_registered", _("Party members registered in communities (双报到)")
    CADRES_SENT = "cadres_sent", _("Cadres sent down to communities (干部下沉)")
    GRID_BRANCHES = "grid_branches", _("Temporary party branches in grids")
    PARTY_VENUES_STANDARD = "party_venues_standard", _("Party venues up to standard (六有)")
    VISITS = "visits", _("Door-to-door visits")
    VISIT_ORGANISATIONS_FOUND = "visit_organisations_found", _("Organisations found on visits")
    VISIT_PEOPLE_REGISTERED = "visit_people_registered", _("People registered on visits")
    VENUE_BOOKINGS = "venue_bookings", _("Venue bookings")
    VENUE_HOURS = "venue_hours", _("Hours venues were used")
    QUALIFIED_PEOPLE = "qualified_people", _("People with a social-work qualification")
    QUALIFICATIONS_BY_KIND = "qualifications_by_kind", _("Qualifications, by kind")
    REWARDS_PAID = "rewards_paid", _("Qualification subsidies and rewards paid (yuan)")
    COMMENDATIONS = "commendations", _("Commendations")
    STORIES = "stories", _("Stories and methods published")
    COMMUNITIES_BY_TYPE = "communities_by_type", _("Communities, by type")
    ORGANISATIONS_BY_TYPE = "organisations_by_type", _("Organisations, by community type")
    CLAIMS = "claims", _("Needs and wishes claimed")
    CLAIMS_FULFILLED = "claims_fulfilled", _("Claims fulfilled")
    CLAIMS_BY_ACTOR = "claims_by_actor", _("Claims, by kind of claimant")
    MONEY_BY_SOURCE = "money_by_source", _("Money granted, by source (yuan)")
    SUBSIDIES_PAID = "subsidies_paid", _("Activity subsidies paid (yuan)")


BREAKDOWNS = frozenset(
    {
        Figure.TRANSFORMATIONS,
        Figure.TRAININGS_BY_PROGRAMME,
        Figure.PERSON_TIMES_BY_PROGRAMME,
        Figure.MONEY_BY_DIRECTION,
        Figure.MONEY_BY_GROUP,
        Figure.PROJECTS_BY_GROUP,
        Figure.BENEFICIARIES_BY_GROUP,
        Figure.QUALIFICATIONS_BY_KIND,
        Figure.COMMUNITIES_BY_TYPE,
        Figure.ORGANISATIONS_BY_TYPE,
        Figure.CLAIMS_BY_ACTOR,
        Figure.MONEY_BY_SOURCE,
    }
)


class IndicatorQuerySet(ScopedQuerySet):
    area_path = "area__code"

    def table(self, kind: str, period: str) -> dict[int, dict[str, object]]:
        """{area id: {figure: value}} for one period, breakdowns left out."""
        found: dict[int, dict[str, object]] = {}
        for area_id, figure, value in self.filter(kind=kind, period=period, key="").values_list(
            "area_id", "figure", "value"
        ):
            found.setdefault(area_id, {})[figure] = value
        return found


class Indicator(models.Model):
    area = models.ForeignKey(
        "orgs.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="indicators"
    )
    kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    period = models.CharField(_("period"), max_length=10)
    figure = models.CharField(_("figure"), max_length=32, choices=Figure.choices)
    key = models.CharField(
        _("breakdown key"),
        max_length=40,
        blank=True,
        default="",
        db_default="",
        help_text=_("For a breakdown: the kind, programme, direction or group the row counts."),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=1)
    computed_at = models.DateTimeField(_("computed at"))

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["kind", "-period", "area__code", "figure"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "period", "figure", "key"], name="indicator_once"
            ),
        ]
        indexes = [models.Index(fields=["kind", "period", "figure"], name="indicator_period")]

    def __str__(self):
        return f"{self.area} {self.period} {self.get_figure_display()}: {self.value}"
