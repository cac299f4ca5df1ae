from . import accounts, filing, organisations, people, territory  # noqa: F401  (registers the admins)
from .mixins import (
    DocumentLinesMixin,
    ReadOnlyAdminMixin,
    ScopedAdmin,
    ScopedAdminMixin,
    ScopedExportAdmin,
    ScopedRelatedFieldListFilter,
)
from .personal import PersonalDataAdminMixin

__all__ = [
    "DocumentLinesMixin",
    "PersonalDataAdminMixin",
    "ReadOnlyAdminMixin",
    "ScopedAdmin",
    "ScopedAdminMixin",
    "ScopedExportAdmin",
    "ScopedRelatedFieldListFilter",
]
