"""What the cached disclosure pages (projects.views.disclosure, and the
projects section of an organisation's page) depend on, and what makes them
stale. The pattern is orgs/public_cache.py's.

Generations:
  all          everything public (orgs.public_cache): area names and the like
  orgs         any organisation changed (their names show on awards)
  disclosure   rounds, projects, bids (their number), notices, objections,
               payments, fund entries, milestones, reports, photos and
               beneficiaries by group

One generation for every disclosure page: a change to a project is rare
next to the pages read, and the pages cross-link (a round lists its
projects, a fund its rounds, an organisation its projects), so finer ones
would have to be bumped together anyway.

Changes arrive through post_save, post_delete and m2m_changed, and through
lib.audit's bulk_written. QuerySet.update() sends none: the pages then age
out after PUBLIC_PAGE_CACHE_SECONDS. A project closing on the clock (no
write) reads as closed on its page within that time too.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from lib import audit, pagecache
from orgs import public_cache as orgs_cache

DISCLOSURE = "disclosure"
DEPENDS = [orgs_cache.EVERYTHING, orgs_cache.DIRECTORY, DISCLOSURE]


def _changed(sender, **kwargs):
    pagecache.bump(DISCLOSURE)


def _models():
    from incubators.models import Fund, FundEntry

    from .models import (
        ActivityPhoto,
        ActivityReport,
        AwardNotice,
        BeneficiaryCount,
        Bid,
        Milestone,
        Need,
        Objection,
        Payment,
        Project,
        Round,
    )

    return (
        Round,
        Project,
        Bid,
        Need,
        AwardNotice,
        Objection,
        Payment,
        Fund,
        FundEntry,
        Milestone,
        ActivityReport,
        ActivityPhoto,
        BeneficiaryCount,
    )


def connect() -> None:
    """Called once, from the app's ready()."""
    from .models import Project, Round

    for model in _models():
        uid = f"projects.public_cache.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
        audit.bulk_written.connect(_changed, sender=model, dispatch_uid=f"{uid}.bulk")
    m2m_changed.connect(
        _changed, sender=Round.directions.through, dispatch_uid="projects.public_cache.directions"
    )
    m2m_changed.connect(
        _changed, sender=Project.groups.through, dispatch_uid="projects.public_cache.groups"
    )
