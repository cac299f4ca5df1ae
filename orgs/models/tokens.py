"""API tokens for the mini-program and apps: one per login (a phone and a
tablet each hold their own), stored as a SHA-256 digest, with an expiry.

A token also carries the account's password stamp from when it was issued
(`get_session_auth_hash`, the HMAC Django uses to end sessions on a password
change): any change of password, by the user or an officer's reset, ends
every token issued before it, with no signal to forget.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def digest(key: str) -> str:
    # The key is 256 random bits: a plain hash cannot be brute-forced, and a
    # lookup by digest needs no per-row salt.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, to tell one device's token from another's.
    prefix = models.CharField(_("token begins with"), max_length=8, editable=False)
    password_stamp = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}…"

    @classmethod
    def issue(cls, user) -> tuple["ApiToken", str]:
        """A new token for `user`; the key is returned once and never stored."""
        key = secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            digest=digest(key),
            prefix=key[:8],
            password_stamp=user.get_session_auth_hash(),
            created_at=now,
            expires_at=now + timedelta(hours=settings.API_TOKEN_HOURS),
        )
        return token, key

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def matches_password(self) -> bool:
        return secrets.compare_digest(self.password_stamp, self.user.get_session_auth_hash())
