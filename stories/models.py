"""Stories and methods (宣传推广) and residents' conventions (居民公约).

A library entry is a story (微故事: Huiji's 微光聚力 and 惠家故事), a case
(案例) or a working method (经验做法: Tianyuan's 七步培育法 and 五步流程,
Wuhan's 七宝巡逻队 and 天天敲门组 as exemplars), written by the office or
submitted as a draft by an organisation's leader, published by a street
officer or district staff, and then public: its page, the list, the Atom
and JSON feeds a portal or a WeChat official account's editor takes.

The body is plain text: paragraphs are blank lines, and nothing typed is
ever rendered as HTML.

A residents' convention (居民公约, Tianyuan) belongs to one community and is
public on the community's page once in force.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import COMMENT, DOCUMENT, TEXT
from lib.uploads import RandomName, ServedImageField, check_photo, private_storage
from orgs.scoping import ScopedQuerySet


class StoryKind(models.TextChoices):
    STORY = "story", _("Story (微故事)")
    CASE = "case", _("Case (案例)")
    METHOD = "method", _("Working method (经验做法)")


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StoryQuerySet(ScopedQuerySet):
    area_path = "area__code"
    # A leader sees the drafts its organisation submitted.
    organisation_path = "submitted_by_organisation"

    def published(self):
        return self.filter(status=StoryStatus.PUBLISHED, published_at__isnull=False)


class Story(models.Model):
    kind = models.CharField(
        _("kind"), max_length=10, choices=StoryKind.choices, default=StoryKind.STORY
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences: shown in lists and feeds."),
    )
    body = models.TextField(
        _("text"),
        max_length=DOCUMENT,
        help_text=_("Plain text; leave a blank line between paragraphs."),
    )
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="stories",
        help_text=_("The district, street or community the story belongs to."),
    )
    organisations = models.ManyToManyField(
        "orgs.Organisation",
        verbose_name=_("organisations"),
        blank=True,
        related_name="stories",
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects"), blank=True, related_name="stories"
    )
    # Residents' faces show: private until the story is published, then
    # served by the public story's own view (stories.views.public.cover).
    cover = ServedImageField(
        _("cover image"),
        upload_to=RandomName("stories/covers"),
        storage=private_storage,
        validators=[check_photo],
        served_as="story-cover",
        blank=True,
    )
    cover_caption = models.CharField(_("cover caption"), max_length=120, blank=True)
    submitted_by_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("submitted by organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_stories",
        help_text=_("Set when an organisation's leader submitted the draft."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = StampedAt(_("created at"), auto_now_add=True)
    updated_at = StampedAt(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story or method")
        verbose_name_plural = _("stories and methods")
        ordering = ["-published_at", "-id"]
        permissions = [("publish_story", _("Can publish and withdraw stories"))]
        indexes = [models.Index(fields=["status", "published_at"], name="story_published")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="story_published_has_a_date",
                violation_error_message=_("A published story has its date of publication."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == StoryStatus.PUBLISHED

    def paragraphs(self) -> list[str]:
        """The body's paragraphs (blank lines between them), as plain text."""
        text = self.body.replace("\r\n", "\n")
        return [part.strip() for part in text.split("\n\n") if part.strip()]


class AdoptedBy(models.TextChoices):
    ASSEMBLY = "assembly", _("Residents' assembly (居民会议)")
    REPRESENTATIVES = "representatives", _("Residents' representatives' meeting (居民代表会议)")
    CONSULTATION = "consultation", _("Building or courtyard consultation (楼院协商)")
    OTHER = "other", _("Other")


class ConventionQuerySet(ScopedQuerySet):
    area_path = "community__code"

    def in_force(self):
        return self.filter(in_force=True)


class Convention(models.Model):
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="conventions",
        limit_choices_to={"level": "community"},
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(
        _("text"),
        max_length=DOCUMENT,
        help_text=_("Plain text; leave a blank line between articles."),
    )
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.CharField(
        _("how adopted"), max_length=16, choices=AdoptedBy.choices, default=AdoptedBy.ASSEMBLY
    )
    adoption_note = models.CharField(
        _("adoption note"),
        max_length=COMMENT,
        blank=True,
        help_text=_("e.g. 86 of 95 representatives voted for it."),
    )
    in_force = models.BooleanField(
        _("in force"), default=True, help_text=_("Only conventions in force are public.")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT)
    updated_at = StampedAt(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("residents' convention")
        verbose_name_plural = _("residents' conventions")
        ordering = ["community__code", "-adopted_on", "-id"]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        from orgs.models import AreaLevel

        if self.community_id and self.community.level != AreaLevel.COMMUNITY:
            raise ValidationError(
                {"community": _("A residents' convention belongs to a community or village.")}
            )

    def articles(self) -> list[str]:
        text = self.text.replace("\r\n", "\n")
        return [part.strip() for part in text.split("\n\n") if part.strip()]
