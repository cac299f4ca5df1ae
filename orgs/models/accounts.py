"""Accounts: one person, one role, one jurisdiction.

The jurisdiction is a node of the territory tree for area roles (district
staff, street officers, community workers, grid members), the organisation
for an organisation leader, and for incubator operators and reviewers
whatever the incubators and projects apps register (see `orgs.scoping`).
"""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.masking import PHONE, Masked
from orgs.roles import ADMIN_ROLES, AREA_ROLE_LEVELS, PASSWORD_RESETS, Role
from orgs.scoping import ScopedQuerySet

from .territory import AreaLevel


class UserQuerySet(ScopedQuerySet):
    area_path = "area__code"
    organisation_path = "organisation"

    def resettable_by(self, user) -> "UserQuerySet":
        """Active accounts whose password `user` may reset (PASSWORD_RESETS in
        orgs.roles): the roles below theirs, inside their area."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        others = self.filter(is_active=True).exclude(pk=user.pk)
        if not user.is_superuser:
            # Whoever resets learns the password: never of an account with
            # more power than the resetter's own.
            others = others.exclude(is_superuser=True)
        if user.sees_everything:
            return others
        # Nor of an account holding powers granted by hand beyond its role.
        others = others.filter(groups__isnull=True, user_permissions__isnull=True)
        roles = PASSWORD_RESETS.get(user.role)
        if not roles or not user.area_id:
            return self.none()
        code = user.area.code
        return others.filter(role__in=roles).filter(
            Q(area__code__startswith=code)
            | Q(area__isnull=True, organisation__area__code__startswith=code)
        )


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    def _create_user(self, username, email, password, **extra_fields):
        user = self.model(username=username, email=email or "", **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, email, password, **extra_fields)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields["is_superuser"] = True
        extra_fields.setdefault("role", Role.PLATFORM_ADMIN)
        return self._create_user(username, email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("An account with that username already exists.")},
    )
    # Chinese names are not split into first and last names.
    name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("jurisdiction area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        help_text=_("For the account of a department or mass organisation."),
    )
    title = models.CharField(
        _("post"), max_length=60, blank=True, help_text=_("e.g. 区民政局社会组织科")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set by an officer's password reset (orgs.services.accounts): the
    # one-time password works once, then the user must choose their own.
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False, db_default=False
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    phone_masked = Masked("phone", PHONE)

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["username"]

    def __str__(self):
        return f"{self.name} ({self.username})" if self.name else self.username

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    @property
    def is_staff(self) -> bool:
        """Whether the account works in the Django admin: decided by its role."""
        return self.is_active and (self.is_superuser or self.role in ADMIN_ROLES)

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role == Role.PLATFORM_ADMIN

    @property
    def may_reset_passwords(self) -> bool:
        """Whether this account recovers others' (PASSWORD_RESETS in orgs.roles)."""
        return self.sees_everything or self.role in PASSWORD_RESETS

    @property
    def jurisdiction_label(self) -> str:
        if self.sees_everything:
            return str(_("All areas"))
        if self.organisation_id:
            return str(self.organisation)
        if self.area_id:
            return self.area.label_with_parents
        return str(_("None"))

    def clean(self):
        super().clean()
        levels = AREA_ROLE_LEVELS.get(self.role)
        if levels:
            if self.area is None:
                raise ValidationError({"area": _("This role needs a jurisdiction area.")})
            if self.area.level not in levels:
                raise ValidationError(
                    {
                        "area": _("A %(role)s works at the level of %(levels)s.")
                        % {
                            "role": self.get_role_display(),
                            "levels": "、".join(str(AreaLevel(level).label) for level in levels),
                        }
                    }
                )
        if self.role == Role.ORG_LEADER and self.organisation is None:
            raise ValidationError(
                {"organisation": _("An organisation leader needs an organisation.")}
            )
        if self.role == Role.INCUBATOR_OPERATOR and self.organisation is None:
            raise ValidationError(
                {
                    "organisation": _(
                        "An incubator operator needs the agency that runs the platform."
                    )
                }
            )
        if self.role == Role.DEPARTMENT and self.department is None:
            raise ValidationError({"department": _("A department's account needs its department.")})
