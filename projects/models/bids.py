"""Bids, sealed until bidding closes, and their review by a panel."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib import clock
from lib.fields import StampedAt
from lib.limits import DOCUMENT
from orgs.scoping import ScopedQuerySet

from .tenders import SEALED_STATUSES


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("bid", "Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


class BidQuerySet(ScopedQuerySet):
    """Bids with their seal: whatever else a user may see, a bid of a project
    still open for bidding is visible to its own organisation only. No role
    is exempt, the platform administrator included; counting bids is allowed
    through `Bid.objects.count_for(project)`."""

    area_path = "project__community__code"
    organisation_path = "organisation"

    def for_user(self, user):
        return super().for_user(user).unsealed_for(user)

    def organisations_q(self, organisations):
        # A joint bid is its accepted members' too: they read it, sealed or
        # not. A member still invited reads it while bidding is open, to
        # decide; at the close it is not part of the bid.
        invited_open = Q(
            accepted_at__isnull=True,
            project__status__in=SEALED_STATUSES,
            project__bids_close_at__gt=clock.now(),
        )
        memberships = BidMember.objects.of(organisations).filter(
            Q(accepted_at__isnull=False) | invited_open
        )
        return super().organisations_q(organisations) | Q(pk__in=memberships.values("bid_id"))

    def unsealed_for(self, user):
        unsealed = ~Q(project__status__in=SEALED_STATUSES) | Q(
            project__bids_close_at__lte=clock.now()
        )
        own = getattr(user, "organisation_id", None)
        return self.filter(unsealed | self.organisations_q(own)) if own else self.filter(unsealed)

    def live(self):
        return self.exclude(status=BidStatus.WITHDRAWN)

    def of_party(self, organisation_id):
        """The bids the organisation is a party of: its own, or one it has
        accepted to join (an invited member is not yet a party)."""
        accepted = BidMember.objects.accepted().filter(organisation_id=organisation_id)
        return self.filter(Q(organisation_id=organisation_id) | Q(pk__in=accepted.values("bid_id")))


class BidManager(models.Manager.from_queryset(BidQuerySet)):
    def count_for(self, project) -> int:
        """How many live bids a project has: the one fact public before closing."""
        return self.get_queryset().filter(project=project).live().count()


class Bid(models.Model):
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="bids"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="bids",
    )
    proposal = models.TextField(_("proposal"), max_length=DOCUMENT)
    team = models.TextField(
        _("team"), help_text=_("Who will do the work, with their roles."), max_length=DOCUMENT
    )
    schedule = models.TextField(
        _("schedule"), help_text=_("What happens when."), max_length=DOCUMENT
    )
    status = models.CharField(
        _("bid status"),
        max_length=12,
        choices=BidStatus.choices,
        default=BidStatus.SUBMITTED,
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = StampedAt(_("submitted at"), auto_now_add=True)
    revised_at = StampedAt(_("last revised at"), auto_now=True)

    history = HistoricalRecords()
    objects = BidManager()

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["project_id", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="bid_once_per_organisation"
            ),
            # Exactly one award per project, whatever happens at the same moment.
            models.UniqueConstraint(
                fields=["project"], condition=Q(status="awarded"), name="bid_one_award_per_project"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.project}"

    @property
    def total(self):
        return sum((line.amount for line in self.lines.all()), start=0)

    @property
    def accepted_members(self) -> list:
        """The members that have accepted: the only ones that count (rating,
        eligibility, shares, notices, records). Filtered in Python so that a
        prefetched `members` serves it; `BidMember.objects.accepted()` is
        the same rule for queries."""
        return [m for m in self.members.all() if m.accepted_at is not None]

    @property
    def invited_members(self) -> list:
        """Members named but not accepted yet: shown to the bid's parties only."""
        return [m for m in self.members.all() if m.accepted_at is None]

    @property
    def is_joint(self) -> bool:
        return bool(self.accepted_members)

    @property
    def star_rating(self) -> int | None:
        """What the bid is rated at: a joint bid at its lowest-rated party,
        the lead included, as Chinese procurement rates a joint bidder (an
        unrated party makes the bid unrated). Prefetch
        `members__organisation` for lists."""
        ratings = [self.organisation.star_rating] + [
            m.organisation.star_rating for m in self.accepted_members
        ]
        return None if None in ratings else min(ratings)

    @property
    def lead_share(self):
        """The lead's share of the budget: what the members' shares leave."""
        return self.total - sum((m.budget_share for m in self.accepted_members), start=0)


class BidMemberQuerySet(ScopedQuerySet):
    area_path = "project__community__code"
    organisation_path = "organisation"

    def of(self, organisations):
        """Memberships of one organisation (an id) or several (ids or a subquery)."""
        return self.filter(self.organisations_q(organisations))

    def accepted(self):
        """Members that accepted: an invited one is not part of the bid."""
        return self.filter(accepted_at__isnull=False)

    def invited(self):
        return self.filter(accepted_at__isnull=True)


class BidMember(models.Model):
    """A partner in a joint bid (联合申报). The bid's own organisation is the
    lead: it submits, signs and is paid; each member states its share of the
    work and of the budget. A named member is invited until it accepts
    (`accepted_at`): until then it neither counts nor blocks anything. An
    organisation takes part in one bid per project, as lead, alone or as an
    accepted member (the member side is held by the constraint, the lead
    side under the project's lock in `services.membership`)."""

    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="members"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        related_name="joint_bids",
    )
    work_share = models.CharField(_("its share of the work"), max_length=200)
    budget_share = models.DecimalField(
        _("its share of the budget (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = BidMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint bid member")
        verbose_name_plural = _("joint bid members")
        ordering = ["bid_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(accepted_at__isnull=False),
                name="bid_member_once_per_project",
                violation_error_message=_("This organisation already takes part in a bid here."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.bid})"


class BudgetLine(models.Model):
    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.CharField(_("budget item"), max_length=120)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["id"]

    def __str__(self):
        return f"{self.item} {self.amount}"


class ConflictQuerySet(ScopedQuerySet):
    area_path = "project__community__code"


class ConflictDeclaration(models.Model):
    """A reviewer's tie to a bidder (a member, a relative, a paid adviser):
    the reviewer then cannot score that bid."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    nature = models.CharField(_("nature of the tie"), max_length=200)
    declared_at = StampedAt(_("declared at"), auto_now_add=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reviewer", "organisation"], name="conflict_declared_once"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} / {self.organisation}"


class Score(models.Model):
    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="scores"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criterion = models.ForeignKey(
        "projects.ProjectCriterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    points = models.DecimalField(
        _("points scored"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    scored_at = StampedAt(_("scored at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "reviewer", "criterion"], name="score_once_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.bid} {self.criterion} {self.points}"
