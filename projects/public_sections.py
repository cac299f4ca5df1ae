"""Sections other apps add to a public project's page (issue 24: the
stories about it), as orgs.public_sections does for an organisation's page:
projects imports no app above it, so an app registers, from its
AppConfig.ready(), a function (project, request) -> (template name, context)
or None, and the page-cache generations its section depends on."""

from collections.abc import Callable

Section = Callable[[object, object], tuple[str, dict] | None]

_SECTIONS: dict[str, tuple[Section, tuple[str, ...]]] = {}


def register(key: str, render: Section, *, depends=()) -> None:
    _SECTIONS[key] = (render, tuple(depends))


def depends() -> list[str]:
    return sorted({name for _render, names in _SECTIONS.values() for name in names})


def render_all(project, request) -> list[tuple[str, dict]]:
    found = []
    for render, _names in _SECTIONS.values():
        part = render(project, request)
        if part is not None:
            found.append(part)
    return found
