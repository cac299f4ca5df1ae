"""The library as feeds a portal, or the editor of a WeChat official
account, takes: Atom (django.contrib.syndication) and JSON Feed 1.1. The
newest published entries only, every link absolute, the text plain (a
reader's HTML is never ours to build from what users typed), and cacheable:
Last-Modified and an ETag from the newest change to any entry (a
withdrawal takes an item out, so drafts' changes count too), answered with
304 when nothing changed, and kept by caches for five minutes."""

import hashlib
import json

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from ..models import Story
from .public import published

ITEMS = 50
MAX_AGE = 300


def _stamp(request) -> tuple:
    """The newest change and the number of entries: one query a request."""
    if not hasattr(request, "_stories_stamp"):
        found = Story.objects.aggregate(last=Max("updated_at"), n=Count("pk"))
        request._stories_stamp = (found["last"], found["n"])
    return request._stories_stamp


def last_modified(request, *args, **kwargs):
    return _stamp(request)[0]


def etag(request, *args, **kwargs):
    last, n = _stamp(request)
    language = getattr(request, "LANGUAGE_CODE", "")
    return hashlib.sha256(f"{last}:{n}:{language}".encode()).hexdigest()[:32]


def cacheable(view):
    """Conditional GET and five minutes in shared caches."""
    return cache_control(public=True, max_age=MAX_AGE)(
        condition(etag_func=etag, last_modified_func=last_modified)(view)
    )


def entries():
    return published().order_by("-published_at", "-id")[:ITEMS]


def _link(request, story) -> str:
    return request.build_absolute_uri(reverse("public_stories:story", args=[story.pk]))


def _cover(request, story) -> str | None:
    if not story.cover:
        return None
    return request.build_absolute_uri(reverse("public_stories:cover", args=[story.pk]))


class StoryAtomFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Stories and working methods of community social organisations")

    def subtitle(self):
        return _("Stories (微故事), cases and working methods, as the offices publish them.")

    def link(self):
        return reverse("public_stories:list")

    def feed_url(self):
        return reverse("public_stories:atom")

    def items(self):
        return entries()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's summary is typed "html" by Django's generator: the text is
        # escaped so that a reader shows what was typed, and runs none of it.
        return escape(item.summary)

    def item_link(self, item):
        return reverse("public_stories:story", args=[item.pk])

    def item_guid(self, item):
        return _link(self.request, item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.area.name  # the area, never a person

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_enclosures(self, item):
        return []


atom = cacheable(StoryAtomFeed())


@cacheable
def json_feed(request):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _("Stories and working methods of community social organisations"),
        "home_page_url": request.build_absolute_uri(reverse("public_stories:list")),
        "feed_url": request.build_absolute_uri(reverse("public_stories:json")),
        "description": _(
            "Stories (微故事), cases and working methods, as the offices publish them."
        ),
        "language": _language(request),
        "items": [_json_item(request, story) for story in entries()],
    }
    return HttpResponse(
        json.dumps(feed, ensure_ascii=False, indent=1),
        content_type="application/feed+json; charset=utf-8",
    )


def _language(request) -> str:
    return "zh-CN" if getattr(request, "LANGUAGE_CODE", "zh").startswith("zh") else "en"


def _json_item(request, story) -> dict:
    item = {
        "id": _link(request, story),
        "url": _link(request, story),
        "title": story.title,
        "summary": story.summary,
        "content_text": "\n\n".join(story.paragraphs()),
        "date_published": story.published_at.isoformat(),
        "date_modified": max(story.updated_at, story.published_at).isoformat(),
        "authors": [{"name": story.area.name}],
        "tags": [str(story.get_kind_display())],
    }
    image = _cover(request, story)
    if image:
        item["image"] = image
    return item
