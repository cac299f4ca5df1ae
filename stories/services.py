"""The library's steps: an organisation's leader submits a draft about their
own organisation; a street officer or district staff publishes an entry of
their jurisdiction, or withdraws it. Staff write and edit drafts in the
admin (stories.admin), whose forms check what they save."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lib import audit, clock
from orgs.roles import Role

from .models import Story, StoryKind, StoryStatus

PUBLISH = "stories.publish_story"


def submit_draft(
    *, organisation, by, kind: str, title: str, summary: str, body: str, cover=None
) -> Story:
    """A leader's draft about their own organisation, in its area, for the
    street or district to publish."""
    if by.role != Role.ORG_LEADER or by.organisation_id != organisation.pk:
        raise ValidationError(_("A leader submits stories about their own organisation only."))
    if not organisation.is_live:
        raise ValidationError(_("A merged or dissolved organisation submits no stories."))
    with transaction.atomic():
        story = Story(
            kind=kind or StoryKind.STORY,
            title=title,
            summary=summary,
            body=body,
            area_id=organisation.area_id,
            submitted_by_organisation=organisation,
            author=by,
        )
        if cover:
            story.cover = cover
        story.full_clean()
        audit.save(story, by=by, reason=_("Draft submitted by the organisation"))
        story.organisations.add(organisation)
    return story


def edit_draft(*, story: Story, by, kind: str, title: str, summary: str, body: str) -> Story:
    """A leader edits a draft their organisation submitted, until published."""
    with transaction.atomic():
        story = _locked(story, by)
        if story.submitted_by_organisation_id != by.organisation_id:
            raise ValidationError(_("A leader edits their own organisation's drafts only."))
        if story.status != StoryStatus.DRAFT:
            raise ValidationError(_("Only a draft can be edited here; this one is published."))
        story.kind, story.title, story.summary, story.body = kind, title, summary, body
        story.full_clean()
        audit.save(story, by=by)
    return story


def publish(*, story: Story, by) -> Story:
    """Publish a draft (or a withdrawn entry again): from now on it is public,
    in the list and in both feeds."""
    if not by.has_perm(PUBLISH):
        raise ValidationError(_("Stories are published by a street officer or district staff."))
    with transaction.atomic():
        story = _locked(story, by)
        if story.status == StoryStatus.PUBLISHED:
            raise ValidationError(_("This story is already published."))
        if not (story.title.strip() and story.summary.strip() and story.body.strip()):
            raise ValidationError(
                _("A story needs a title, a summary and its text to be published.")
            )
        story.status = StoryStatus.PUBLISHED
        # Published again after a withdrawal: it keeps its first date.
        story.published_at = story.published_at or clock.now()
        story.published_by = by
        story.full_clean()
        audit.save(story, by=by, reason=_("Published"))
    return story


def withdraw(*, story: Story, by) -> Story:
    """Take a published entry off the public side (and the feeds)."""
    if not by.has_perm(PUBLISH):
        raise ValidationError(_("Stories are withdrawn by a street officer or district staff."))
    with transaction.atomic():
        story = _locked(story, by)
        if story.status != StoryStatus.PUBLISHED:
            raise ValidationError(_("Only a published story can be withdrawn."))
        story.status = StoryStatus.WITHDRAWN
        audit.save(story, by=by, reason=_("Withdrawn"))
    return story


def _locked(story: Story, by) -> Story:
    """The story, locked, if `by` may act on it: outside their jurisdiction
    it is as if it did not exist."""
    found = Story.objects.for_user(by).select_for_update(of=("self",)).filter(pk=story.pk).first()
    if found is None:
        raise ValidationError(_("This story is not within your jurisdiction."))
    return found
