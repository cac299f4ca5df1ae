"""Chinese by default; English when chosen; every string translated."""

from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_the_admin_is_in_chinese_by_default(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "社区社会组织服务平台" in page
    assert "登录" in page


def test_an_english_browser_still_gets_chinese_until_the_user_switches(client):
    page = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "社区社会组织服务平台" in page.content.decode()


def test_switching_to_english_translates_the_admin(client, personas):
    client.force_login(personas.street_a_officer)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    assert response.status_code == 302
    page = client.get(reverse("admin:index")).content.decode()
    assert "Community Social Organisation Platform" in page
    assert "Areas" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/admin/"})
    assert "社区社会组织服务平台" in client.get(reverse("admin:index")).content.decode()


def test_model_and_field_names_are_chinese_in_the_admin(client, personas):
    client.force_login(personas.street_a_officer)
    page = client.get(reverse("admin:orgs_area_changelist")).content.decode()
    assert "行政区划" in page
    assert "区划代码" in page


def test_every_message_has_a_chinese_translation():
    catalogue = polib.pofile(str(PO))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [], "untranslated"
    assert fuzzy == [], "fuzzy entries are not compiled; review them"


def test_the_compiled_catalogue_matches_the_source():
    source = polib.pofile(str(PO))
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    expected = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in source.translated_entries()
    }
    actual = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in compiled if e.msgid}
    assert actual == expected, "run: python manage.py compilemessages"
