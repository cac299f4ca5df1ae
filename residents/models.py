"""A one-time sign-in code sent to a resident's phone.

Only a keyed hash of the code is kept (HMAC with SECRET_KEY: a copy of the
table tells no one a code), never the code itself, and not the address that
asked for it. At most one code per phone is open (neither used nor replaced):
a database constraint, so two requests at the same moment from two web
machines cannot both send one.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.fields import StampedAt
from lib.masking import PHONE, Masked


class SignInCode(models.Model):
    phone = models.CharField(_("phone"), max_length=20)
    code_hash = models.CharField(_("code (keyed hash)"), max_length=64, editable=False)
    created_at = StampedAt(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    replaced_at = models.DateTimeField(
        _("replaced at"),
        null=True,
        blank=True,
        help_text=_("Set when a newer code was sent to the same phone."),
    )
    wrong_tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)

    phone_masked = Masked("phone", PHONE)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A phone's codes of the last hour (the limits) and its newest.
            models.Index(fields=["phone", "created_at"], name="signin_code_phone_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(used_at__isnull=True, replaced_at__isnull=True),
                name="signin_code_one_open_per_phone",
            )
        ]

    def __str__(self):
        return f"{self.phone_masked} {self.created_at:%Y-%m-%d %H:%M}"
