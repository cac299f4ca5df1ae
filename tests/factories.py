"""Factories for the whole suite, in one place."""

import factory
from factory.django import DjangoModelFactory

from orgs.models import Area, Organisation, User
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


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试志愿服务队{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.COMMUNITY_WORKER
    password = factory.django.Password("pass-for-tests-2026")
