"""The README's tables of moves are printed from the code, and kept so."""

import re
from pathlib import Path

import pytest
from django.contrib import admin

from core.admin_moves import MovesAdminMixin
from meetings.moves import ACTION_ITEM_MOVES, MEETING_MOVES, MINUTES_MOVES
from ngos.moves import NGO_MOVES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def section(title: str) -> str:
    """The text of one ``## title`` section of the README."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.M | re.S)
    assert match, f"the README has no section {title!r}"
    return match.group(1)


def tables_in_the_admin():
    """Every table of moves that an admin page reads."""
    found = []
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, MovesAdminMixin):
            found += [t for t in model_admin.get_move_tables() if t not in found]
    return found


def test_every_table_of_the_admin_is_found():
    tables = tables_in_the_admin()
    for table in (NGO_MOVES, MEETING_MOVES, MINUTES_MOVES, ACTION_ITEM_MOVES):
        assert table in tables


@pytest.mark.parametrize(
    "table", tables_in_the_admin(), ids=lambda t: f"{t.model}.{t.field}"
)
def test_the_readme_prints_each_table_as_the_code_has_it(table):
    assert f"\n\n{table.markdown()}\n\n" in section("Status workflows")


def test_the_readme_prints_no_table_the_code_does_not_have():
    printed = re.findall(r"^\|.*?(?=\n\n)", section("Status workflows"), re.M | re.S)
    assert sorted(printed) == sorted(t.markdown() for t in tables_in_the_admin())


@pytest.mark.parametrize(
    ("heading", "tables"),
    [
        ("NGOs", [NGO_MOVES]),
        ("Meetings", [MEETING_MOVES, MINUTES_MOVES, ACTION_ITEM_MOVES]),
    ],
)
def test_each_app_has_its_heading(heading, tables):
    text = section("Status workflows").split(f"\n### {heading}\n", 1)[1]
    text = text.split("\n### ", 1)[0]
    for table in tables:
        assert table.markdown() in text
