import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from orgs.models import Area, AreaLevel
from tests.factories import make_area

# Run on PostgreSQL too (CI, -m postgres): check constraints and the indexed code prefix.
pytestmark = pytest.mark.postgres


def test_everything_under_an_area_is_found_by_its_code(territory):
    t = territory
    under_street_a = set(Area.objects.under(t.street_a).values_list("name", flat=True))
    assert under_street_a == {"新城街道", "英才社区", "绿城社区"}
    assert set(Area.objects.under(t.street_a, include_self=False)) == {
        t.community_a1,
        t.community_a2,
    }


def test_all_areas_under_a_district_of_1400_communities_is_one_query(db, django_assert_num_queries):
    city = make_area("4201", "武汉市")
    district = make_area("420102", "江岸区", city)
    streets = [
        Area(code=f"420102{s:03d}", name=f"街道{s}", level=AreaLevel.STREET, parent=district)
        for s in range(1, 15)
    ]
    Area.objects.bulk_create(streets)
    streets = list(Area.objects.filter(parent=district))
    Area.objects.bulk_create(
        Area(
            code=f"{street.code}{c:03d}",
            name=f"{street.name}社区{c}",
            level=AreaLevel.COMMUNITY,
            parent=street,
        )
        for street in streets
        for c in range(1, 101)
    )
    make_area("420103", "江汉区", city)  # a neighbour that must not match

    # One SELECT ... WHERE code LIKE '420102%': no walk down the tree.
    with django_assert_num_queries(1):
        found = list(Area.objects.under(district).communities())
    assert len(found) == 1400


def test_the_level_comes_from_the_length_of_the_code(territory):
    assert territory.city.level == AreaLevel.CITY
    assert territory.district_a.level == AreaLevel.DISTRICT
    assert territory.street_a.level == AreaLevel.STREET
    assert territory.community_a1.level == AreaLevel.COMMUNITY


def test_a_full_twelve_digit_official_code_is_accepted(territory):
    street = make_area("410108003000", "迎宾路街道", territory.district_a)
    assert street.code == "410108003"
    assert street.level == AreaLevel.STREET
    assert street.official_code == "410108003000"


def test_a_code_must_sit_under_its_parent(territory):
    stray = Area(code="410105003", name="错挂街道", parent=territory.district_a)
    with pytest.raises(ValidationError) as error:
        stray.full_clean()
    assert "code" in error.value.message_dict


def test_a_code_of_an_unknown_length_is_refused(territory):
    with pytest.raises(ValidationError) as error:
        Area(code="41010800", name="八位", parent=territory.district_a).full_clean()
    assert "code" in error.value.message_dict


def test_the_database_refuses_a_level_that_does_not_match_the_code(territory):
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(
            code="410108009", name="错级", level=AreaLevel.COMMUNITY, parent=territory.district_a
        )


def test_the_database_refuses_a_second_root_below_the_city_level(territory):
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(code="410109", name="无上级区", level=AreaLevel.DISTRICT)


def test_ancestors_are_found_from_the_code(territory):
    t = territory
    assert list(Area.objects.ancestors_of(t.community_a1)) == [t.city, t.district_a, t.street_a]
