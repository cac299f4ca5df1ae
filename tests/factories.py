"""Factories for the whole suite, in one place."""

import factory
from factory.django import DjangoModelFactory

from orgs.models import Area, Category, Organisation, Person, User
from orgs.models.territory import level_for_code
from orgs.roles import Role


def make_area(code: str, name: str, parent: Area | None = None, *, is_rural: bool = False) -> Area:
    area = Area(code=code, name=name, parent=parent, is_rural=is_rural)
    area.full_clean()
    area.save()
    return area


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"测试社区{n}")
    level = factory.LazyAttribute(lambda a: level_for_code(a.code))


def category(name: str = "志愿服务组织", class_name: str = "农村自我管理服务类") -> Category:
    """A sub-class of the Wuhan taxonomy the migrations ship (made again if a
    transactional test flushed the tables)."""
    top, _ = Category.objects.get_or_create(name=class_name, parent=None)
    return Category.objects.get_or_create(name=name, parent=top)[0]


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试志愿服务队{n}")
    category = factory.LazyFunction(category)
    leader_name = "王建国"
    leader_phone = "13803711234"
    member_count = 12


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"居民{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.COMMUNITY_WORKER
    password = factory.django.Password("pass-for-tests-2026")
