from . import (  # noqa: F401  (registers the admins)
    accounts,
    categories,
    django_words,
    filing,
    groups,
    organisations,
    people,
    providers,
    recognition,
    territory,
    transformations,
)
from .groups import ServedGroupFilter
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
    "ServedGroupFilter",
]
