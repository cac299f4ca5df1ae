"""Nothing public carries personal data: every field of the mask table
(orgs.privacy.MASK_TABLE, the table SECURITY.md prints) is given a
distinctive value on every row that has it, then every public API operation
(from the OpenAPI schema), every open-data file and every public page (from
the URL resolver: / and everything under /public/) is fetched, and none of
the values appears, in full or masked.

Both lists are read from the code: a new row in the mask table is seeded and
looked for with no change here (its model needs at least one seeded row, or
the test says so), and a new public operation or page is fetched (a page
with a parameter needs a line in FILL, SEGMENT_MODELS or NOT_FETCHED, or the
test says so)."""

import json
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from drf_spectacular.generators import SchemaGenerator

from assessments.models import SurveyAnswer
from grids import services as ticket_services
from lib.masking import ID_NUMBER, MASKERS, NAME, PHONE
from orgs.models import Commendation, Organisation, Person
from orgs.privacy import MASK_TABLE
from projects.models import AwardNotice, Project, Round
from projects.opendata.datasets import DATASETS
from projects.services import needs as need_services
from residents.models import SignInCode
from tests.opendata_helpers import published
from tests.test_personal_data import env  # noqa: F401  (the records of every personal field)

pytestmark = pytest.mark.django_db

DIGEST = "digest"
# Rare characters, so a name can only be on a page if the seeded one leaked.
SURNAME, GIVEN = "隗", "甄郗璩蒯暨冼爨禚逄堵毋笪"


@dataclass(frozen=True)
class Seeded:
    field: str  # the mask table's row, e.g. "Ticket.resident_phone"
    kind: str
    value: str

    @property
    def forms(self) -> set[str]:
        masker = MASKERS.get(self.kind)
        return {self.value, masker(self.value)} if masker else {self.value}


def table_fields() -> list[str]:
    """The mask table's fields, but those shown in full to anyone (a person
    commended, the public subject of the honour): public by design."""
    public = {field for (field, _surface), row in MASK_TABLE.items() if row["anonymous"] == "full"}
    return [
        field for field in dict.fromkeys(f for f, _surface in MASK_TABLE) if field not in public
    ]


def model_named(name: str):
    [model] = [m for m in apps.get_models() if m.__name__ == name]
    return model


def resolve_field(model, attribute: str):
    """The model field a table row names: by name, or by its verbose name
    ("Exchange.volunteer" is the exchange's person, called "volunteer")."""
    with translation.override("en"):
        for field in model._meta.get_fields():
            if field.name == attribute or str(getattr(field, "verbose_name", "")) == attribute:
                return field
    raise AssertionError(f"{model.__name__}.{attribute}: no such field; fix the mask table")


def kind_of(attribute: str) -> str:
    if "digest" in attribute:
        return DIGEST
    if "phone" in attribute:
        return PHONE
    return ID_NUMBER if "id_number" in attribute else NAME


def distinctive(kind: str, field_number: int, row_number: int) -> str:
    if kind == PHONE:
        return f"139{field_number:02d}{row_number:06d}"
    if kind == ID_NUMBER:
        return f"4101081970{field_number:02d}{row_number:06d}"
    if kind == DIGEST:
        return f"{field_number:02x}{row_number:06x}" * 8
    return SURNAME + GIVEN[field_number % len(GIVEN)] + GIVEN[row_number % len(GIVEN)] + "某"


def seed_personal_fields() -> list[Seeded]:
    """Every row of every model in the mask table that holds a personal
    field gets a value of its own there (written with update(): no signal, no
    history); a row with the field empty is left empty (a guardian's name
    goes with a guardian's phone)."""
    seeded = []
    # A commended person's name is public (the honour names them): left as it is.
    public_people = set(
        Commendation.objects.exclude(person=None).values_list("person_id", flat=True)
    )
    for field_number, name in enumerate(table_fields()):
        model_name, attribute = name.split(".")
        model = model_named(model_name)
        field = resolve_field(model, attribute)
        rows = [
            row
            for row in model._default_manager.order_by("pk")
            if getattr(row, field.name if field.is_relation else field.attname)
        ]
        assert rows, f"{name}: seed a {model_name} with it in the fixture so it is checked"
        for row_number, row in enumerate(rows):
            target, column = row, field.name
            if field.is_relation:  # the related record's name stands for it
                target, column = getattr(row, field.name), "name"
            if isinstance(target, Person) and target.pk in public_people:
                continue
            kind = kind_of("name" if field.is_relation else attribute)
            value = distinctive(kind, field_number, row_number)
            type(target)._default_manager.filter(pk=target.pk).update(**{column: value})
            seeded.append(Seeded(name, kind, value))
    return seeded


@pytest.fixture
def seeded(env, world, personas, grids):  # noqa: F811
    data = published(world, personas)
    SignInCode.objects.create(
        phone="13900000009", code_hash="0" * 64, expires_at=timezone.now() + timedelta(hours=1)
    )
    SurveyAnswer.objects.create(
        organisation=personas.organisation_a1,
        year=timezone.localdate().year,
        phone_digest="1" * 64,
        q1=100,
        q2=100,
        q3=100,
    )
    values = seed_personal_fields()
    cache.clear()  # throttles and stored public pages
    return data, values


# --- what is public ---------------------------------------------------------------------

# Public routes with a parameter, filled from the seeded records.
FILL = {
    "public/needs/<str:token>/": lambda e: [
        reverse("public_needs:status", args=[need_services.tracking_token(e.need)])
    ],
    "public/tickets/<str:token>/": lambda e: [
        reverse("public_tickets:status", args=[ticket_services.tracking_token(e.ticket)])
    ],
    "public/tickets/rate/<str:token>/": lambda e: [
        reverse("public_tickets:rate", args=[ticket_services.rating_token(e.ticket)])
    ],
    "public/data/<slug:name>.csv": lambda e: [reverse("open_data:csv", args=[n]) for n in DATASETS],
    "public/data/<slug:name>.json": lambda e: [
        reverse("open_data:json", args=[n]) for n in DATASETS
    ],
}
# Routes /public/<segment>/.../<int:pk>/... filled with every row of a model.
SEGMENT_MODELS = {
    "organisations": Organisation,
    "survey": Organisation,
    "rounds": Round,
    "projects": Project,
    "notices": AwardNotice,
    "activities": "activities.Activity",
    "meetings": "activities.Activity",
    "funds": "incubators.Fund",
    "stories": "stories.Story",  # issue 24: published only; drafts are 404
    "communities": "orgs.Area",  # a community's page (404 for other areas)
    "venues": "venues.Venue",  # issue 24: a venue's rooms, hours and free times
}
NOT_FETCHED = {
    "public/files/<slug:kind>/<int:pk>/": "a published photo's bytes",
    "public/meetings/photos/<int:pk>/": "a published photo's bytes",
    "public/tickets/rate/<str:token>/photos/<int:pk>/": "a resident's own photo's bytes",
    "public/stories/<int:pk>/cover/": "a published story's cover photo's bytes",
}
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def public_routes() -> list[str]:
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif route == "" or route.startswith("public/"):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def page_urls(records) -> tuple[list[str], list[str]]:
    """Every public page's URL, and the routes nobody said how to fill."""
    urls, unfilled = [], []
    for route in public_routes():
        if route in NOT_FETCHED:
            continue
        if route in FILL:
            urls += FILL[route](records)
        elif not PARAMETER.search(route):
            urls.append("/" + route)
        elif PARAMETER.findall(route) == ["pk"] and route.split("/")[1] in SEGMENT_MODELS:
            model = SEGMENT_MODELS[route.split("/")[1]]
            model = apps.get_model(model) if isinstance(model, str) else model
            urls += [
                "/" + PARAMETER.sub(str(pk), route)
                for pk in model._default_manager.values_list("pk", flat=True)[:20]
            ]
        else:
            unfilled.append(route)
    return urls, unfilled


def api_urls(records) -> list[str]:
    """Every GET operation of the schema under /api/v1/public/, each page."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    values = {
        "token": ticket_services.tracking_token(records.ticket),
        "id": records.organisation.pk,
        "pk": records.organisation.pk,
    }
    return [
        re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/public/") and "get" in operations
    ]


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8-sig", errors="replace")
    if "json" in response.get("Content-Type", ""):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def fetch_all(client, url) -> list[tuple[str, int, str]]:
    """The URL, and for a paged API list every further page."""
    fetched = []
    while url:
        response = client.get(url, HTTP_ACCEPT="application/json, text/html")
        text = text_of(response)
        fetched.append((url, response.status_code, text))
        body = json.loads(text) if url.startswith("/api/") and text.startswith("{") else {}
        url = body.get("next") if isinstance(body, dict) else None
    return fetched


# --- the test -----------------------------------------------------------------------------


def test_every_public_surface_is_free_of_every_personal_field(seeded, env):  # noqa: F811
    data, values = seeded
    pages, unfilled = page_urls(env)
    assert unfilled == [], "public routes with a parameter: add them to FILL or SEGMENT_MODELS"
    apis = api_urls(env)
    opendata = {f"/api/v1/public/{name}/" for name in DATASETS}
    assert opendata <= set(apis)
    assert {"/", "/public/organisations/", f"/public/organisations/{env.organisation.pk}/"} <= set(
        pages
    )

    client = Client()
    fetched = []
    for url in [*apis, *pages]:
        cache.clear()  # the throttles: this is one visitor asking for everything
        fetched += fetch_all(client, url)
    everything = "\n".join(text for _, _, text in fetched)

    # The surfaces do show the public records the personal fields belong to.
    assert env.organisation.name in everything
    assert data.project.title in everything
    assert data.objection.grounds in everything
    assert all(
        status == 200 for url, status, _ in fetched if "/data/" in url or "/v1/public/" in url
    )

    leaks = [
        f"{url}: {seed.field} {form}"
        for seed in values
        for form in seed.forms
        for url, _, text in fetched
        if form in text
    ]
    assert leaks == []
    assert {seed.field for seed in values} == set(table_fields())
