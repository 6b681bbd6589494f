"""Every user-facing string has a Persian translation, compiled and in use."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "locale" / "fa" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = [
    "workgroup",
    "core",
    "ngos",
    "meetings",
    "proposals",
    "demo",
    "templates",
]


def entries():
    return [entry for entry in polib.pofile(str(PO_FILE)) if not entry.obsolete]


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [e.msgid for e in entries() if not e.translated()]
    fuzzy = [e.msgid for e in entries() if e.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo is what Django uses; it must not lag the .po."""
    stale = []
    with translation.override("fa"):
        for entry in entries():
            if entry.msgid_plural:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                want = entry.msgstr_plural[0]
            elif entry.msgctxt:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
                want = entry.msgstr
            else:
                got = translation.gettext(entry.msgid)
                want = entry.msgstr
            if got != want:
                stale.append(entry.msgid)
    assert stale == [], "run `make messages` to recompile the catalogue"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """Extract the messages from a copy of the code and compare."""
    for name in SOURCE_DIRS:
        if (ROOT / name).exists():
            shutil.copytree(
                ROOT / name,
                tmp_path / name,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "fa",
            "--no-location",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(
        str(tmp_path / "locale" / "fa" / "LC_MESSAGES" / "django.po")
    )
    missing = [e.msgid for e in extracted if not e.obsolete and not e.translated()]
    assert missing == [], "run `make messages` and translate the new strings"
