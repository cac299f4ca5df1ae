"""Photos of a held activity: private until staff of its jurisdiction
publish them; the public sees only published ones, and a private photo's
public address is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from activities import meetings
from activities.meeting_models import MeetingPhoto
from activities.models import ActivityStatus
from activities.tests.meeting_helpers import held
from tests.grid_helpers import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def salon(personas, territory):
    return held(territory.street_a, personas.street_a_officer)


def upload(client, activity, image=None):
    return client.post(
        reverse("activities:photo_upload", args=[activity.pk]),
        {"image": image or photo(), "caption": "书记们交流经验"},
    )


def test_an_uploaded_photo_is_private_to_the_jurisdiction(salon, personas, login):
    assert upload(login(personas.street_a_officer), salon).status_code == 302
    picture = MeetingPhoto.objects.get()
    assert picture.published_at is None
    public = reverse("public_meetings:photo", args=[picture.pk])
    assert Client().get(public).status_code == 404
    assert picture.image.url == reverse("portal:file", args=["meeting-photo", picture.pk])
    assert Client().get(picture.image.url).status_code == 404
    assert login(personas.street_b_officer).get(picture.image.url).status_code == 404
    assert login(personas.street_a_officer).get(picture.image.url).status_code == 200
    page = Client().get(reverse("public_meetings:photos", args=[salon.pk]))
    assert page.status_code == 200
    assert list(page.context["photos"]) == []


def test_staff_publish_a_photo_and_the_public_sees_it(salon, personas, login):
    upload(login(personas.street_a_officer), salon)
    picture = MeetingPhoto.objects.get()
    url = reverse("activities:photo_publish", args=[salon.pk, picture.pk])
    assert login(personas.street_b_officer).post(url).status_code == 404
    assert login(personas.street_a_officer).post(url).status_code == 302
    picture.refresh_from_db()
    assert (picture.published_by, picture.published_at is not None) == (
        personas.street_a_officer,
        True,
    )
    anonymous = Client()
    assert anonymous.get(reverse("public_meetings:photo", args=[picture.pk])).status_code == 200
    page = anonymous.get(reverse("public_meetings:photos", args=[salon.pk]))
    assert list(page.context["photos"]) == [picture]
    # Made private again: gone from the public.
    login(personas.street_a_officer).post(
        reverse("activities:photo_withdraw", args=[salon.pk, picture.pk])
    )
    assert anonymous.get(reverse("public_meetings:photo", args=[picture.pk])).status_code == 404


def test_an_unpublished_activity_shows_no_photos(salon, personas):
    picture = meetings.upload_photo(
        activity=salon, image=photo(), caption="", by=personas.street_a_officer
    )
    meetings.publish_photo(photo=picture, by=personas.street_a_officer)
    salon.status = ActivityStatus.CANCELLED
    salon.save()
    assert Client().get(reverse("public_meetings:photo", args=[picture.pk])).status_code == 404
    assert Client().get(reverse("public_meetings:photos", args=[salon.pk])).status_code == 404


def test_the_organiser_who_is_not_staff_does_not_publish(personas, territory, login):
    own = held(territory.community_a1, personas.org_leader, organisation=personas.organisation_a1)
    client = login(personas.org_leader)
    assert upload(client, own).status_code == 302
    picture = MeetingPhoto.objects.get()
    url = reverse("activities:photo_publish", args=[own.pk, picture.pk])
    assert client.post(url).status_code == 403
    picture.refresh_from_db()
    assert picture.published_at is None


def test_a_file_that_is_not_a_photo_is_refused(salon, personas, login):
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script>", "image/jpeg")
    response = upload(login(personas.street_a_officer), salon, fake)
    assert response.status_code == 200
    assert response.context["photo_form"].errors
    assert not MeetingPhoto.objects.exists()


def test_the_admin_inlines_and_action_for_the_activity_admin(salon, personas, rf):
    from django.contrib.admin import AdminSite, ModelAdmin

    from activities.meeting_admin import MeetingPhotoInline, MeetingRecordInline, publish_photos
    from activities.models import Activity

    site = AdminSite(name="meetings-test")
    request = rf.get("/")
    request.user = personas.platform_admin
    for inline in (MeetingRecordInline(Activity, site), MeetingPhotoInline(Activity, site)):
        inline.get_formset(request, salon)(instance=salon)
    meetings.upload_photo(activity=salon, image=photo(), caption="", by=personas.street_a_officer)
    publish_photos(ModelAdmin(Activity, site), request, Activity.objects.filter(pk=salon.pk))
    assert MeetingPhoto.objects.get().published_by == personas.platform_admin
