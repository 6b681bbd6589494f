"""Templates depend on each other the way the apps do (see pyproject.toml).

import-linter checks the Python imports in ``make lint``; this checks the
templates: a template of a lower app never includes or extends one of a
higher app, nor loads a tag library of one. What an upper app shows on a
lower app's page comes through ``core.sections``.
"""

import re
from pathlib import Path

import pytest
from django.template import engines

ROOT = Path(__file__).resolve().parents[2] / "templates"
# Lowest first, as in the layers contract.
LAYERS = ["core", "ngos", "meetings", "proposals", "delivery"]
# Template folders that belong to core: the site's frame, errors, sign-in.
CORE_FOLDERS = {"includes", "registration", "core"}
REFERENCE = re.compile(r'{%\s*(?:include|extends)\s+"([^"]+)"')
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def layer_of(template_name: str) -> str | None:
    """The app a template belongs to, or None for Django's and libraries' own."""
    parts = Path(template_name).parts
    if parts[0] == "admin":
        return parts[1] if len(parts) > 2 and parts[1] in LAYERS else "core"
    if len(parts) == 1 or parts[0] in CORE_FOLDERS:
        return "core"
    return parts[0] if parts[0] in LAYERS else None


def library_layers() -> dict[str, str]:
    """Each of our tag libraries' names and the app it belongs to."""
    libraries = engines["django"].engine.template_libraries
    return {
        name: library.__module__.split(".")[0]
        for name, library in libraries.items()
        if library.__module__.split(".")[0] in LAYERS
    }


TEMPLATES = sorted(
    path.relative_to(ROOT).as_posix() for path in ROOT.rglob("*") if path.is_file()
)


def test_every_template_has_a_layer():
    assert [name for name in TEMPLATES if layer_of(name) is None] == []


def back_edges(name: str, source: str) -> list[str]:
    """What the template ``name`` includes, extends or loads from above it."""
    own = LAYERS.index(layer_of(name))
    libraries = library_layers()
    used = [(target, layer_of(target)) for target in REFERENCE.findall(source)] + [
        (library, libraries.get(library, "core"))
        for names in LOAD.findall(source)
        for library in names.split()
        if library != "from"
    ]
    return [
        target
        for target, layer in used
        if layer in LAYERS and LAYERS.index(layer) > own
    ]


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_uses_nothing_from_a_higher_app(name):
    assert back_edges(name, (ROOT / name).read_text(encoding="utf-8")) == []


def test_a_back_edge_is_seen():
    source = (
        '{% load i18n sections %}{% include "meetings/includes/_person.html" %}'
        '{% include "includes/_pagination.html" %}'
    )
    assert back_edges("ngos/ngo_detail.html", source) == [
        "meetings/includes/_person.html"
    ]
    assert back_edges("proposals/proposal_detail.html", source) == []
