"""Sections other apps add to an organisation's public page.

`orgs` sits at the root of the house and imports no app above it, yet an
organisation's page should show what other apps know of it (the projects it
was awarded). So the page asks a registry: an app registers, from its
AppConfig.ready(), a function (organisation, request) -> (template name,
context) or None, and the generations of the page cache its section depends
on; the page renders each section in the order registered. The same idea as
lib.todos' providers: the lower floor names the hook, the upper one fills it.
"""

from collections.abc import Callable
from dataclasses import dataclass

Section = Callable[[object, object], tuple[str, dict] | None]


@dataclass(frozen=True)
class Registered:
    key: str
    render: Section
    depends: tuple[str, ...]


_SECTIONS: dict[str, Registered] = {}


def register(key: str, render: Section, *, depends=()) -> None:
    """Add (or replace, on a second ready()) the section named `key`."""
    _SECTIONS[key] = Registered(key, render, tuple(depends))


def depends() -> list[str]:
    """The page-cache generations every registered section depends on."""
    return sorted({name for section in _SECTIONS.values() for name in section.depends})


def render_all(organisation, request) -> list[tuple[str, dict]]:
    """Each registered section's (template name, context), skipping those
    with nothing to show."""
    found = []
    for section in _SECTIONS.values():
        part = section.render(organisation, request)
        if part is not None:
            found.append(part)
    return found
