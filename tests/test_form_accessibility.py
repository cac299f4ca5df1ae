"""Forms people can use without seeing them: every help text and error is
the element its field names in aria-describedby (the ids Django 5.2 gives:
`<id>_helptext`, `<id>_error`), a field with an error says so
(aria-invalid), a form sent back opens with a summary of what to correct,
choices are a named group, and a chosen photo that the browser dropped is
asked for again. The browser side (the focus on the first error) is in
tests/browser/test_accessibility.py."""

from html.parser import HTMLParser

from django.urls import reverse

from grids import services as tickets
from tests.grid_helpers import found, photo, resolved

REATTACH = "您刚才选的文件没有保存下来，请重新选择后再提交"


class Elements(HTMLParser):
    """Every element's tag and attributes, in document order, and the text
    inside each element that has an id."""

    def __init__(self, html):
        super().__init__()
        self.elements, self.text, self._open = [], {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag not in {"input", "img", "br", "meta", "link", "hr"}:
            self._open.append(attrs.get("id"))
            if attrs.get("id"):
                self.text[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if tag not in {"input", "img", "br", "meta", "link", "hr"} and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id:
                self.text[element_id] += data

    def ids(self):
        return {a["id"] for _, a in self.elements if a.get("id")}

    def described(self):
        """(field id, the ids it is described by, invalid?) for every field."""
        return [
            (a.get("id"), a["aria-describedby"].split(), a.get("aria-invalid") == "true")
            for _, a in self.elements
            if a.get("aria-describedby")
        ]


def check_references(html):
    page = Elements(html)
    described = page.described()
    missing = [
        (field, ref) for field, refs, _ in described for ref in refs if ref not in page.ids()
    ]
    assert described, "no field is described by anything"
    assert missing == []
    return page


def test_help_and_errors_are_the_elements_their_fields_name(client, territory, login, personas):
    for url in [reverse("public_tickets:form"), reverse("public_needs:form")]:
        check_references(client.get(url).content.decode())
        page = check_references(client.post(url, {"description": "x"}).content.decode())
        invalid = [(field, refs) for field, refs, bad in page.described() if bad]
        assert invalid and all(f"{field}_error" in refs for field, refs in invalid)
        html = client.post(url, {"description": "x"}).content.decode()
        assert 'class="error form-errors" role="alert" tabindex="-1"' in html
        assert "以下内容需要修改" in html

    leader = login(personas.org_leader)
    check_references(leader.get(reverse("portal:my_organisation")).content.decode())


def test_the_ticket_form_names_its_help_and_errors(client, territory):
    page = check_references(
        client.post(reverse("public_tickets:form"), {"description": "x"}).content.decode()
    )
    refs = {field: refs for field, refs, _ in page.described()}
    assert refs["id_location"] == ["id_location_helptext", "id_location_error"]
    assert refs["id_resident_phone"] == ["id_resident_phone_helptext", "id_resident_phone_error"]
    assert page.text["id_resident_phone_error"].strip()
    assert page.text["id_location_helptext"].strip()
    fresh = Elements(client.get(reverse("public_tickets:form")).content.decode())
    assert {field: refs for field, refs, _ in fresh.described()}["id_location"] == [
        "id_location_helptext"
    ]


def test_a_chosen_photo_is_asked_for_again_when_the_form_comes_back(client, territory):
    url = reverse("public_tickets:form")
    sent = client.post(url, {"description": "楼道灯坏了", "photos": [photo()]})
    page = check_references(sent.content.decode())
    assert REATTACH in page.text["id_photos_helptext"]
    # Nothing chosen, or nothing wrong yet: nothing to choose again.
    assert REATTACH not in client.post(url, {"description": "楼道灯坏了"}).content.decode()
    assert REATTACH not in client.get(url).content.decode()


def test_the_rating_question_is_a_named_group(client, grids, personas):
    ticket = resolved(found(grids.a1, grids.hazard, by=personas.grid_member), personas)
    html = client.get(
        reverse("public_tickets:rate", args=[tickets.rating_token(ticket)])
    ).content.decode()
    group = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert "<legend>" in group and "您对办理结果满意吗" in group.split("</legend>")[0]
    radios = Elements(group)
    choices = [a for tag, a in radios.elements if tag == "input" and a.get("type") == "radio"]
    labels = [a.get("for") for tag, a in radios.elements if tag == "label"]
    assert len(choices) == 5 and [c["id"] for c in choices] == labels
