"""Two officers publishing one draft at once (PostgreSQL): the story's row
lock lets one through; the other is told it is already published, and the
history holds one publication."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projects.tests.test_notice_races import at_once
from stories import services
from stories.models import Story, StoryStatus
from tests.fixtures import on_postgres

pytestmark = pytest.mark.postgres


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_the_street_and_the_district_publish_one_draft_at_once(personas, territory):
    story = Story.objects.create(
        title="天天敲门组",
        summary="每天敲开独居老人的家门。",
        body="正文",
        area=territory.community_a1,
        author=personas.community_worker,
    )

    def publish(by):
        with translation.override("en"):
            return services.publish(story=story, by=by)

    results = at_once(
        lambda: publish(personas.street_a_officer), lambda: publish(personas.district_officer)
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "already published" in refused[0].messages[0]
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    published = story.history.filter(history_change_reason="Published")
    assert published.count() == 1
