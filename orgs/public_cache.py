"""What the cached public pages (lib/pagecache.py) depend on, and what
makes them stale.

Generations:
  all        everything public: territory and category names, and the bulk
             writes that touch many organisations (the annual stars)
  orgs       the directory: any organisation added, changed or removed
  org:<pk>   one organisation's page: the organisation, its history, its
             commendations, and the organisation it merged into (whose
             name it shows)

Changes arrive through Django's post_save and post_delete and through
lib.audit's bulk_written (bulk_create and bulk_update send no post_save).
QuerySet.update() sends neither: code that updates organisations that way
calls organisations_changed() itself (the annual rollup does).
"""

from django.db.models.signals import post_delete, post_save

from lib import audit, pagecache

from .models import Area, Category, Commendation, Organisation, Transformation

EVERYTHING = "all"
DIRECTORY = "orgs"


def organisation_page(pk) -> list[str]:
    return [EVERYTHING, f"org:{pk}"]


def directory() -> list[str]:
    return [EVERYTHING, DIRECTORY]


def organisations_changed(pks=None) -> None:
    """These organisations changed (None: any number of them, unknown)."""
    if pks is None:
        pagecache.bump(EVERYTHING)
        return
    pks = set(pks)
    # A merged organisation's page names the one it went into.
    pks |= set(Organisation.objects.filter(merged_into__in=pks).values_list("pk", flat=True))
    pagecache.bump(DIRECTORY, *(f"org:{pk}" for pk in pks))


def _organisation_saved(sender, instance, **kwargs):
    organisations_changed([instance.pk])


def _organisations_written(sender, objs, **kwargs):
    organisations_changed([obj.pk for obj in objs])


def _part_saved(sender, instance, **kwargs):
    pagecache.bump(f"org:{instance.organisation_id}")


def _parts_written(sender, objs, **kwargs):
    pagecache.bump(*{f"org:{obj.organisation_id}" for obj in objs})


def _names_changed(sender, **kwargs):
    pagecache.bump(EVERYTHING)


def connect() -> None:
    """Called once, from the app's ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_organisation_saved, sender=Organisation, dispatch_uid="public_cache.org")
        signal.connect(_part_saved, sender=Transformation, dispatch_uid="public_cache.event")
        signal.connect(_part_saved, sender=Commendation, dispatch_uid="public_cache.commendation")
        for model in (Area, Category):
            signal.connect(_names_changed, sender=model, dispatch_uid=f"public_cache.{model}")
    audit.bulk_written.connect(
        _organisations_written, sender=Organisation, dispatch_uid="public_cache.orgs"
    )
    for model in (Transformation, Commendation):
        audit.bulk_written.connect(
            _parts_written, sender=model, dispatch_uid=f"public_cache.parts.{model}"
        )
    for model in (Area, Category):
        audit.bulk_written.connect(
            _names_changed, sender=model, dispatch_uid=f"public_cache.bulk.{model}"
        )
