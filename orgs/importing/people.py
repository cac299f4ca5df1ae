"""Import of people: residents, their membership of an organisation, and
their place in the talent pool, one row each.

A person is recognised by their ID number, or else by name and phone in
their community; the organisation by its name within the importer's
jurisdiction. As with organisations: blank keeps, all rows or none.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields
from import_export.instance_loaders import BaseInstanceLoader

from lib import clock
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
)
from .engine import run_import, save_in_bulk
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


_ROLE = cells.ChoiceParser(MemberRole, ROLE_ALIASES)
SKILLS_LENGTH = Talent._meta.get_field("skills").max_length


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

    def remember(self, person):
        """A person new in this file: a later line naming them (another of
        their organisations) finds this one, not a second new person."""
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
        widget=ParsingWidget(cells.ChoiceParser(Gender, GENDER_ALIASES)),
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
        self.related: list[tuple[Person, dict]] = []  # rows to write, with their extras
        scoped = Person.objects.for_user(user)
        self.memberships = {
            (m.person_id, m.organisation_id): m
            for m in Membership.objects.current().filter(person__in=scoped)
        }
        self.talents = {t.person_id: t for t in Talent.objects.filter(person__in=scoped)}
        self.id_owners: dict[str, int] = {}

    def prepare(self, rows):
        """Who holds the file's ID numbers, anywhere on the platform."""
        numbers = sorted({normalise_code(cells.text(row.get("id_number"))) for row in rows} - {""})
        for start in range(0, len(numbers), 1000):
            self.id_owners.update(
                Person.objects.filter(id_number__in=numbers[start : start + 1000]).values_list(
                    "id_number", "pk"
                )
            )

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
        if len(self.pending["skills"]) > SKILLS_LENGTH:
            errors["skills"] = [_("At most %(limit)s characters.") % {"limit": SKILLS_LENGTH}]
        if row.get("organisation") not in (None, "") and "community" not in errors:
            try:
                self.pending["organisation"] = self.organisations.find(
                    row["organisation"], instance.community_id
                )
            except ValueError as exc:
                errors["organisation"] = [str(exc)]
        for key, parse in (("role", _ROLE), ("joined_on", cells.parse_date)):
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
        # The community comes from the jurisdiction's index, and the one
        # constraint (a unique ID number) is checked against the numbers read
        # once in prepare(): no query per row. The database still guards.
        try:
            instance.full_clean(
                exclude=[*errors, "community"],
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        owner = self.id_owners.get(instance.id_number)
        if instance.id_number and owner is not None and owner != instance.pk:
            errors.setdefault("id_number", []).append(
                _("A person with this ID number is already recorded.")
            )
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return not self._membership_changes(instance) and not self._talent_changes(instance)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        self.related.append((instance, self.pending))

    def write_related(self, plan):
        """Memberships and talents of the rows written, in bulk, now that
        every person has their id."""
        memberships, changed_memberships = [], []
        talents, changed_talents = {}, {}  # by person: one each, the last line's skills
        today = clock.today()
        for person, pending in self.related:
            organisation = pending["organisation"]
            if organisation is not None:
                membership = self.memberships.get((person.pk, organisation.pk))
                new = membership is None
                if new:
                    membership = Membership(person=person, organisation=organisation)
                if self._apply_membership(membership, pending) or new:
                    membership._history_user = self.user
                    (memberships if new else changed_memberships).append(membership)
            if self._talent_changes(person, pending):
                talent = self.talents.get(person.pk)
                if talent is None:
                    talents[person.pk] = Talent(
                        person=person,
                        skills=pending["skills"],
                        listed_on=today,
                        listed_by=self.user,
                    )
                else:
                    talent.skills = pending["skills"]
                    changed_talents[person.pk] = talent
        save_in_bulk(
            Membership, memberships, changed_memberships, ["role", "joined_on"], user=self.user
        )
        save_in_bulk(
            Talent,
            list(talents.values()),
            list(changed_talents.values()),
            ["skills"],
            user=self.user,
        )

    @staticmethod
    def _apply_membership(membership, pending) -> bool:
        changed = False
        for attribute in ("role", "joined_on"):
            value = pending[attribute]
            if value is not None and getattr(membership, attribute) != value:
                setattr(membership, attribute, value)
                changed = True
        return changed

    def _membership_changes(self, person) -> bool:
        organisation = self.pending.get("organisation")
        if organisation is None:
            return False
        membership = self.memberships.get((person.pk, organisation.pk))
        if membership is None:
            return True
        return any(
            self.pending[a] is not None and getattr(membership, a) != self.pending[a]
            for a in ("role", "joined_on")
        )

    def _talent_changes(self, person, pending=None) -> bool:
        skills = (pending or self.pending).get("skills")
        if not skills:
            return False
        talent = self.talents.get(person.pk) if person.pk else None
        return talent is None or talent.skills != skills


def import_people(upload, *, user, commit: bool) -> ImportReport:
    return run_import(upload, resource=PeopleImport(user=user), fields=PEOPLE_FIELDS, commit=commit)


__all__ = ["import_people"]
