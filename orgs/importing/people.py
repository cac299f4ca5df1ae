"""Import of people: residents, their membership of an organisation, and
their place in the talent pool, one row each.

A person is recognised by their ID number, or else by name and phone in
their community; the organisation by its name within the importer's
jurisdiction. As with organisations: blank keeps, all rows or none.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields
from import_export.instance_loaders import BaseInstanceLoader

from lib.spreadsheets import cells
from lib.validators import normalise_code, normalise_phone
from orgs.ledger import PEOPLE_FIELDS
from orgs.models import Gender, MemberRole, Membership, Organisation, Person, Talent

from .base import (
    AreaIndex,
    ImportReport,
    LedgerResource,
    ParsingWidget,
    TextWidget,
    column,
    name_key,
    run_import,
)
from .organisations import AreaWidget

GENDER_ALIASES = {
    "男": Gender.MALE,
    "女": Gender.FEMALE,
    "男性": Gender.MALE,
    "女性": Gender.FEMALE,
}
ROLE_ALIASES = {
    "负责人": MemberRole.LEADER,
    "队长": MemberRole.LEADER,
    "团长": MemberRole.LEADER,
    "会长": MemberRole.LEADER,
    "骨干": MemberRole.BACKBONE,
    "副队长": MemberRole.BACKBONE,
    "成员": MemberRole.MEMBER,
    "队员": MemberRole.MEMBER,
    "会员": MemberRole.MEMBER,
}
PARTY_WORDS = {"中共党员": True, "党员": True, "预备党员": True, "群众": False, "共青团员": False}


def _party(value):
    text = cells.text(value)
    return PARTY_WORDS[text] if text in PARTY_WORDS else cells.parse_yes_no(value)


class OrganisationIndex:
    def __init__(self, user):
        self.by_name = {}
        for org in Organisation.objects.for_user(user).live().only("pk", "name", "area_id"):
            self.by_name.setdefault(name_key(org.name), []).append(org)

    def find(self, name, community_id) -> Organisation:
        candidates = self.by_name.get(name_key(name), [])
        if len(candidates) > 1:
            candidates = [org for org in candidates if org.area_id == community_id] or candidates
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise ValueError(
                _("Several organisations are called “%(name)s”; add the person in the admin.")
                % {"name": name}
            )
        raise ValueError(
            _("There is no organisation called “%(name)s” in your jurisdiction.") % {"name": name}
        )


class ScopedPersonLoader(BaseInstanceLoader):
    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.by_id_number, self.by_name = {}, {}
        for person in Person.objects.for_user(resource.user):
            if person.id_number:
                self.by_id_number[person.id_number] = person
            self.by_name[(person.community_id, name_key(person.name), person.phone)] = person

    def get_instance(self, row):
        id_number = normalise_code(cells.text(row.get("id_number")))
        if id_number and id_number in self.by_id_number:
            return self.by_id_number[id_number]
        try:
            area = self.resource.fields["community"].clean(row)
        except ValueError:
            return None
        phone = normalise_phone(cells.text(row.get("phone")))
        return self.by_name.get((area.pk, name_key(row.get("name")), phone))


class PeopleImport(LedgerResource):
    column_for_attribute = {"community": "community"}

    name = column("name", TextWidget())
    gender = fields.Field(
        attribute="gender",
        column_name="gender",
        widget=ParsingWidget(lambda v: cells.parse_choice(v, Gender, GENDER_ALIASES)),
    )
    phone = column("phone", ParsingWidget(normalise_phone))
    id_number = column("id_number", ParsingWidget(normalise_code))
    community = fields.Field(attribute="community", column_name="community")
    is_party_member = column("is_party_member", ParsingWidget(_party))

    class Meta:
        model = Person
        import_id_fields = ["community", "name"]
        fields = ["name", "gender", "phone", "id_number", "community", "is_party_member"]
        instance_loader_class = ScopedPersonLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True

    def __init__(self, *, user):
        super().__init__(user=user)
        self.fields["community"].widget = AreaWidget(AreaIndex(user))
        self.organisations = OrganisationIndex(user)
        self.seen_people: dict[tuple, int] = {}
        self.pending: dict = {}

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.pending = {
            "organisation": None,
            "role": None,
            "joined_on": None,
            "skills": cells.text(row.get("skills")),
        }
        if row.get("organisation") not in (None, "") and "community" not in errors:
            try:
                self.pending["organisation"] = self.organisations.find(
                    row["organisation"], instance.community_id
                )
            except ValueError as exc:
                errors["organisation"] = [str(exc)]
        for key, parse in (
            ("role", lambda v: cells.parse_choice(v, MemberRole, ROLE_ALIASES)),
            ("joined_on", cells.parse_date),
        ):
            value = row.get("member_role" if key == "role" else key)
            if value not in (None, ""):
                try:
                    self.pending[key] = parse(value)
                except ValueError as exc:
                    errors["member_role" if key == "role" else key] = [str(exc)]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        key = instance.id_number or (instance.community_id, name_key(instance.name), instance.phone)
        organisation = self.pending.get("organisation")
        seen = self.seen_people.get((key, organisation.pk if organisation else None))
        if seen:
            errors["name"] = [_("Same person as line %(line)s.") % {"line": seen}]
        else:
            self.seen_people[(key, organisation.pk if organisation else None)] = self.current_line
        super().validate_instance(instance, errors, validate_unique)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return not self._membership_changes(instance) and not self._talent_changes(instance)

    def after_save_instance(self, instance, row, **kwargs):
        organisation = self.pending["organisation"]
        if organisation is not None:
            membership = self._current_membership(instance, organisation)
            if membership is None:
                membership = Membership(person=instance, organisation=organisation)
            changed = membership.pk is None
            for attribute in ("role", "joined_on"):
                if (
                    self.pending[attribute] is not None
                    and getattr(membership, attribute) != self.pending[attribute]
                ):
                    setattr(membership, attribute, self.pending[attribute])
                    changed = True
            if changed:
                membership._history_user = self.user
                membership.full_clean()
                membership.save()
        if self._talent_changes(instance):
            talent = getattr(instance, "talent", None) if instance.pk else None
            talent = talent or Talent(
                person=instance, listed_on=timezone.localdate(), listed_by=self.user
            )
            talent.skills = self.pending["skills"]
            talent._history_user = self.user
            talent.save()

    def _current_membership(self, person, organisation):
        if person.pk is None:
            return None
        return Membership.objects.current().filter(person=person, organisation=organisation).first()

    def _membership_changes(self, person) -> bool:
        organisation = self.pending.get("organisation")
        if organisation is None:
            return False
        membership = self._current_membership(person, organisation)
        if membership is None:
            return True
        return any(
            self.pending[a] is not None and getattr(membership, a) != self.pending[a]
            for a in ("role", "joined_on")
        )

    def _talent_changes(self, person) -> bool:
        skills = self.pending.get("skills")
        if not skills:
            return False
        talent = Talent.objects.filter(person_id=person.pk).first() if person.pk else None
        return talent is None or talent.skills != skills


def import_people(upload, *, user, commit: bool) -> ImportReport:
    return run_import(upload, resource=PeopleImport(user=user), fields=PEOPLE_FIELDS, commit=commit)


__all__ = ["import_people"]
