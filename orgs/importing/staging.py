"""The checked spreadsheet waits here between "check" and "confirm".

It is kept in the private storage (a shared store in production), not on the
web machine that checked it: the confirmation may reach another machine. The
nightly purge deletes what nobody confirmed within a day.
"""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.utils import timezone

from lib.uploads import PRIVATE

FOLDER = "imports"
KEEP = timedelta(days=1)


def stage(data: bytes, filename: str) -> str:
    """Keep `data` under a random name; returns the name for the token."""
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if suffix in (".xlsx", ".xls", ".csv") else ""
    return PRIVATE.save(f"{FOLDER}/{uuid.uuid4().hex}{suffix}", ContentFile(data))


def load(name: str) -> bytes | None:
    """The staged bytes, or None if they are gone (purged or confirmed)."""
    if not _is_staged_name(name) or not PRIVATE.exists(name):
        return None
    with PRIVATE.open(name, "rb") as handle:
        return handle.read()


def discard(name: str) -> None:
    if _is_staged_name(name):
        PRIVATE.delete(name)


def purge_stale(now=None) -> int:
    """Delete staged files older than a day; returns how many."""
    cutoff = (now or timezone.now()) - KEEP
    try:
        _dirs, files = PRIVATE.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    gone = 0
    for filename in files:
        name = f"{FOLDER}/{filename}"
        if PRIVATE.get_modified_time(name) < cutoff:
            PRIVATE.delete(name)
            gone += 1
    return gone


def _is_staged_name(name: str) -> bool:
    path = PurePosixPath(name)
    return path.parent == PurePosixPath(FOLDER) and ".." not in path.parts
