"""A proposal's revisions: what the NGO sent each time, and what changed.

Each submission keeps a ``ProposalRevision`` (written by
``proposals.services.transition`` through :func:`record`, never elsewhere):
every field of the NGO's form as it was (:func:`snapshot`) and the files
sent with it (:func:`attachments_snapshot`). :func:`compare` tells the
reviewers what changed between two of them: each field's old and new value,
long text with a word-by-word inline diff (``difflib``), and the files added
and removed.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext

from core.l10n import format_file_size, format_number
from proposals.models import Call, Proposal, ProposalRevision

# Related rows are stored with their key and a name (Persian, like the
# record); pages show the name in the reader's language where the row is
# still there.
_NAME_ATTRIBUTES = ("name_fa", "title")
# What a word-level diff splits text into: runs of white space and the words
# between them, so that joining the parts gives the text back exactly.
_TOKENS = re.compile(r"\s+|\S+")


def _name(obj) -> str:
    for attribute in _NAME_ATTRIBUTES:
        value = getattr(obj, attribute, None)
        if value:
            return value
    return str(obj)


def snapshot(proposal, fields) -> dict:
    """``fields`` of ``proposal`` as JSON: text and numbers as they are,
    a related row as ``{"id", "name"}``, many as a list of those.

    Works on the historical models of a migration as well as on the app's.
    """
    content = {}
    for name in fields:
        model_field = proposal._meta.get_field(name)
        if model_field.many_to_many:
            content[name] = [
                {"id": obj.pk, "name": _name(obj)}
                for obj in getattr(proposal, name).order_by("pk")
            ]
        elif model_field.is_relation:
            obj = getattr(proposal, name)
            content[name] = None if obj is None else {"id": obj.pk, "name": _name(obj)}
        else:
            content[name] = model_field.value_from_object(proposal)
    return content


def attachments_snapshot(proposal) -> list[dict]:
    """The proposal's files that are not removed, in the order they came."""
    return [
        {
            "id": attachment.pk,
            "name": attachment.original_name,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "content_type": attachment.content_type,
        }
        for attachment in proposal.attachments.filter(removed_at__isnull=True).order_by(
            "uploaded_at", "pk"
        )
    ]


def record(*, proposal: Proposal, actor, at, changes: str = "") -> ProposalRevision:
    """The next revision of ``proposal``, as it stands now.

    Only ``transition`` calls this, inside its transaction and under the
    proposal's row lock, so that the numbers follow each other.
    """
    from proposals.services import CONTENT_FIELDS  # services calls this module

    last = proposal.revisions.order_by("-number").values_list("number", flat=True)
    return ProposalRevision.objects.create(
        proposal=proposal,
        number=(last.first() or 0) + 1,
        submitted_at=at,
        submitted_by=actor,
        content=snapshot(proposal, CONTENT_FIELDS),
        attachments=attachments_snapshot(proposal),
        changes=changes,
    )


# Comparing two revisions -----------------------------------------------------------


@dataclass
class FieldChange:
    """One field of the form in two revisions, ready to be shown."""

    name: str
    label: str
    # Each side as parts: (kind, text), kind "equal", "delete" (old side
    # only) or "insert" (new side only).
    old: list = field(default_factory=list)
    new: list = field(default_factory=list)
    changed: bool = False


@dataclass
class Comparison:
    old: ProposalRevision
    new: ProposalRevision
    fields: list
    added: list
    removed: list

    @property
    def changed_fields(self) -> list:
        return [change for change in self.fields if change.changed]

    @property
    def unchanged_fields(self) -> list:
        return [change for change in self.fields if not change.changed]

    @property
    def anything_changed(self) -> bool:
        return bool(self.changed_fields or self.added or self.removed)


def word_diff(old: str, new: str) -> tuple[list, list]:
    """``old`` and ``new`` as parts, word by word: what both share is
    "equal", what only ``old`` has "delete", what only ``new`` has "insert"."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    old_parts, new_parts = [], []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            text = "".join(a[i1:i2])
            old_parts.append(("equal", text))
            new_parts.append(("equal", text))
            continue
        if i2 > i1:
            old_parts.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            new_parts.append(("insert", "".join(b[j1:j2])))
    return old_parts, new_parts


def _names_now(fields, revisions) -> dict:
    """The current name of each related row the revisions mention, by
    field, in the reader's language: one query per related field."""
    models = {
        "call": (Call, lambda call: call.display_title),
        "provinces": (Proposal.provinces.field.related_model, lambda p: p.name),
        "focus_areas": (Proposal.focus_areas.field.related_model, lambda f: f.name),
        "presented_at_meeting": (
            Proposal.presented_at_meeting.field.related_model,
            str,
        ),
    }
    names = {}
    for name in fields:
        if name not in models:
            continue
        ids = set()
        for revision in revisions:
            value = revision.content.get(name)
            for item in value if isinstance(value, list) else [value]:
                if item:
                    ids.add(item["id"])
        if not ids:
            names[name] = {}
            continue
        model, label = models[name]
        names[name] = {
            obj.pk: str(label(obj)) for obj in model.objects.filter(pk__in=ids)
        }
    return names


def _items(value, names: dict) -> list[str]:
    """A related field's value as the names of its rows."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [names.get(item["id"], item["name"]) for item in items]


def _plain(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, int):
        return format_number(value)
    return str(value)


def _field_change(name, old_value, new_value, names) -> FieldChange:
    label = str(Proposal._meta.get_field(name).verbose_name)
    change = FieldChange(name=name, label=label, changed=old_value != new_value)
    model_field = Proposal._meta.get_field(name)
    if model_field.is_relation:
        old_items = _items(old_value, names.get(name, {}))
        new_items = _items(new_value, names.get(name, {}))
        change.old = [
            ("equal" if item in new_items else "delete", item) for item in old_items
        ] or [("equal", "—")]
        change.new = [
            ("equal" if item in old_items else "insert", item) for item in new_items
        ] or [("equal", "—")]
    elif isinstance(old_value, str) or isinstance(new_value, str):
        if change.changed:
            change.old, change.new = word_diff(old_value or "", new_value or "")
        else:
            change.old = change.new = [("equal", _plain(old_value))]
    else:
        kind_old, kind_new = ("delete", "insert") if change.changed else ("equal",) * 2
        change.old = [(kind_old, _plain(old_value))]
        change.new = [(kind_new, _plain(new_value))]
    return change


def _file(item: dict) -> dict:
    return {**item, "size_label": format_file_size(item["size"])}


def compare(old: ProposalRevision, new: ProposalRevision) -> Comparison:
    """What changed from ``old`` to ``new``: every field of the form (those
    either revision holds, in the form's order) and the files added and
    removed (a file is the same file by its row, not its name)."""
    from proposals.services import CONTENT_FIELDS

    fields = [
        name for name in CONTENT_FIELDS if name in old.content or name in new.content
    ]
    names = _names_now(fields, [old, new])
    old_files = {item["id"]: item for item in old.attachments}
    new_files = {item["id"]: item for item in new.attachments}
    return Comparison(
        old=old,
        new=new,
        fields=[
            _field_change(name, old.content.get(name), new.content.get(name), names)
            for name in fields
        ],
        added=[_file(item) for key, item in new_files.items() if key not in old_files],
        removed=[
            _file(item) for key, item in old_files.items() if key not in new_files
        ],
    )


def describe_revision(revision: ProposalRevision) -> str:
    """ "Submission 2" or "First submission", for headings and choices."""
    if revision.number == 1:
        return gettext("first submission")
    return gettext("submission %(number)s") % {"number": format_number(revision.number)}
