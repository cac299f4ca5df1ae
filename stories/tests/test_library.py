"""The library (宣传推广): drafts written by staff or submitted by a leader,
published by the street or the district within their jurisdiction, then
public on its page, in the list, on the organisation's page and in both
feeds; a draft nowhere on the public side."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from stories import services
from stories.models import Story, StoryKind, StoryStatus


def draft(area, author, **kwargs) -> Story:
    fields = {
        "kind": StoryKind.STORY,
        "title": "微光聚力 点亮惠济",
        "summary": "红马甲志愿服务队的一天。",
        "body": "第一段。\n\n第二段。",
        "area": area,
        "author": author,
    }
    fields.update(kwargs)
    return Story.objects.create(**fields)


@pytest.fixture(autouse=True)
def english():
    """The services' refusals, read in English here (the pages say them in Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def story(personas, territory):
    entry = draft(territory.community_a1, personas.community_worker)
    entry.organisations.add(personas.organisation_a1)
    return entry


def test_the_street_publishes_a_community_workers_draft(story, personas):
    published = services.publish(story=story, by=personas.street_a_officer)
    assert published.status == StoryStatus.PUBLISHED
    assert published.published_by == personas.street_a_officer
    assert published.published_at is not None
    assert published.history.first().history_change_reason == "Published"


def test_a_community_worker_may_not_publish(story, personas):
    with pytest.raises(ValidationError, match="street officer or district staff"):
        services.publish(story=story, by=personas.community_worker)
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT


def test_another_street_cannot_publish_it(story, personas):
    with pytest.raises(ValidationError, match="jurisdiction"):
        services.publish(story=story, by=personas.street_b_officer)
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT


def test_withdrawn_and_published_again_it_keeps_its_first_date(story, personas):
    first = services.publish(story=story, by=personas.district_officer).published_at
    services.withdraw(story=story, by=personas.street_a_officer)
    again = services.publish(story=story, by=personas.street_a_officer)
    assert again.published_at == first


def test_a_leader_submits_a_draft_about_their_own_organisation(personas):
    leader = personas.org_leader
    story = services.submit_draft(
        organisation=leader.organisation,
        by=leader,
        kind=StoryKind.METHOD,
        title="七步培育法",
        summary="社区志愿者组织的七步培育法。",
        body="一、发现骨干……",
    )
    assert story.status == StoryStatus.DRAFT
    assert story.area == leader.organisation.area
    assert list(story.organisations.all()) == [leader.organisation]
    with pytest.raises(ValidationError, match="own organisation"):
        services.submit_draft(
            organisation=personas.organisation_b1,
            by=leader,
            kind=StoryKind.STORY,
            title="x",
            summary="x",
            body="x",
        )


def test_the_leaders_pages(personas, login):
    client = login(personas.org_leader)
    response = client.post(
        reverse("stories:new"),
        {"kind": "case", "title": "惠家故事", "summary": "一个案例。", "body": "正文"},
    )
    assert response.status_code == 302
    story = Story.objects.get(title="惠家故事")
    assert story.submitted_by_organisation == personas.organisation_a1
    page = client.get(reverse("stories:mine")).content.decode()
    assert "惠家故事" in page
    # A form with a missing title changes nothing and says why.
    response = client.post(reverse("stories:edit", args=[story.pk]), {"kind": "case"})
    assert response.status_code == 200 and response.context["form"].errors["title"]
    story.refresh_from_db()
    assert story.title == "惠家故事"
    services.publish(story=story, by=personas.street_a_officer)
    response = client.post(
        reverse("stories:edit", args=[story.pk]),
        {"kind": "case", "title": "改", "summary": "改", "body": "改"},
    )
    assert "published" in response.content.decode() or response.status_code == 200
    story.refresh_from_db()
    assert story.title == "惠家故事"


def test_a_draft_is_nowhere_on_the_public_side(story, client):
    assert client.get(reverse("public_stories:story", args=[story.pk])).status_code == 404
    assert "微光聚力" not in client.get(reverse("public_stories:list")).content.decode()
    assert "微光聚力" not in client.get(reverse("public_stories:atom")).content.decode()
    assert json.loads(client.get(reverse("public_stories:json")).content)["items"] == []


def test_a_published_story_is_public_and_in_both_feeds(story, personas, client):
    story.body = "<script>alert(1)</script>\n\n第二段"
    story.save()
    services.publish(story=story, by=personas.street_a_officer)
    page = client.get(reverse("public_stories:story", args=[story.pk])).content.decode()
    assert "微光聚力" in page and "<script>alert" not in page and "&lt;script&gt;" in page
    assert "微光聚力" in client.get(reverse("public_stories:list")).content.decode()
    org_page = client.get(reverse("public:organisation", args=[personas.organisation_a1.pk]))
    assert reverse("public_stories:story", args=[story.pk]) in org_page.content.decode()

    Story.objects.filter(pk=story.pk).update(summary="<b>红马甲</b>的一天")
    atom = client.get(reverse("public_stories:atom"))
    # The summary is typed html: escaped twice in the XML, shown as typed.
    assert "&amp;lt;b&amp;gt;" in atom.content.decode()
    assert atom["Content-Type"].startswith("application/atom+xml")
    link = f"http://testserver/public/stories/{story.pk}/"
    assert link in atom.content.decode() and "微光聚力" in atom.content.decode()

    response = client.get(reverse("public_stories:json"))
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "http://testserver/public/stories/feed.json"
    [item] = feed["items"]
    assert item["url"] == link and item["title"] == "微光聚力 点亮惠济"
    assert item["content_text"].startswith("<script>")  # text, for the reader to escape
    assert "max-age=300" in response["Cache-Control"]


def test_the_feeds_answer_304_until_something_changes(story, personas, client):
    services.publish(story=story, by=personas.street_a_officer)
    url = reverse("public_stories:json")
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    services.withdraw(story=story, by=personas.street_a_officer)
    Story.objects.filter(pk=story.pk).update(updated_at=story.updated_at + timedelta(minutes=5))
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and json.loads(changed.content)["items"] == []


def test_the_list_filters_by_kind_street_and_organisation(story, personas, territory, client):
    other = draft(territory.community_b1, personas.street_b_officer, title="天天敲门组")
    other.kind = StoryKind.CASE
    other.save()
    for entry in (story, other):
        services.publish(story=entry, by=personas.district_officer)
    url = reverse("public_stories:list")
    by_kind = client.get(url, {"kind": "case"}).content.decode()
    assert "天天敲门组" in by_kind and "微光聚力" not in by_kind
    by_street = client.get(url, {"street": territory.street_a.pk}).content.decode()
    assert "微光聚力" in by_street and "天天敲门组" not in by_street
    by_org = client.get(url, {"organisation": personas.organisation_a1.pk}).content.decode()
    assert "微光聚力" in by_org and "天天敲门组" not in by_org


def test_the_public_project_page_links_its_published_stories(story, world, personas, client):
    story.projects.add(world.project)
    url = reverse("disclosure:project", args=[world.project.pk])
    link = reverse("public_stories:story", args=[story.pk])
    assert link not in client.get(url).content.decode()  # a draft: not yet
    services.publish(story=story, by=personas.street_a_officer)
    assert link in client.get(url).content.decode()  # the cached page was made stale
    page = client.get(link).content.decode()
    assert reverse("disclosure:project", args=[world.project.pk]) in page


def test_a_community_worker_reads_a_published_story_and_may_not_change_it(story, personas, login):
    services.publish(story=story, by=personas.street_a_officer)
    client = login(personas.community_worker)
    url = reverse("admin:stories_story_change", args=[story.pk])
    form = client.get(url).context["adminform"].form
    assert "body" not in form.fields  # shown, read-only
    client.post(url, {"title": "改过的标题"})
    story.refresh_from_db()
    assert story.title == "微光聚力 点亮惠济"
