"""What makes the stories' public pages stale (lib/pagecache.py): any story
or convention saved, removed or relinked bumps the one generation they share,
as do the community types their pages name."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from lib import pagecache
from orgs.models import CommunityType

from .models import Convention, Story

STORIES = "stories"
DEPENDS = ("all", STORIES)


def _changed(sender, **kwargs):
    pagecache.bump(STORIES)


def connect() -> None:
    for signal in (post_save, post_delete):
        for model in (Story, Convention, CommunityType):
            signal.connect(_changed, sender=model, dispatch_uid=f"stories.cache.{model.__name__}")
    for through in (Story.organisations.through, Story.projects.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"stories.cache.{through}")
