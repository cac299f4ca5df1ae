from . import accounts, categories, filing, organisations, people, territory, transformations  # noqa: F401  (registers the admins)
from .mixins import (
    DocumentLinesMixin,
    ReadOnlyAdminMixin,
    ScopedAdmin,
    ScopedAdminMixin,
    ScopedExportAdmin,
    ScopedRelatedFieldListFilter,
)
from .personal import PersonalDataAdminMixin, ResidentDataAdminMixin

__all__ = [
    "DocumentLinesMixin",
    "PersonalDataAdminMixin",
    "ResidentDataAdminMixin",
    "ReadOnlyAdminMixin",
    "ScopedAdmin",
    "ScopedAdminMixin",
    "ScopedExportAdmin",
    "ScopedRelatedFieldListFilter",
]
