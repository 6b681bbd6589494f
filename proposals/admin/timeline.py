"""A proposal's one timeline behind the admin's "History" button."""

from django.utils.translation import gettext

from core.admin_timeline import TimelineAdminMixin, TimelineEntry, person
from core.l10n import format_number, join_list, localize_digits
from proposals.models import ProposalEvent
from proposals.workflow import REJECTION_REASONS, Status


def _label(status: str) -> str:
    return str(Status(status).label) if status else "—"


class ProposalTimelineMixin(TimelineAdminMixin):
    def timeline_entries(self, request, proposal):
        entries = []
        for event in proposal.events.select_related("actor", "assignee"):
            text = event.get_kind_display()
            if event.kind == ProposalEvent.Kind.STATUS:
                text = f"{_label(event.from_status)} → {_label(event.to_status)}"
            elif event.kind == ProposalEvent.Kind.ASSIGNMENT:
                text = f"{text}: {person(event.assignee) or '—'}"
            detail = event.comment
            if event.reason_code in REJECTION_REASONS:
                detail = f"{REJECTION_REASONS[event.reason_code]}\n{detail}"
            entries.append(
                TimelineEntry(
                    at=event.at,
                    kind=str(event.get_kind_display()),
                    text=str(text),
                    actor=event.actor,
                    detail=detail,
                )
            )
        # Until their own sheet is in, a reviewer of a call with independent
        # scores sees that sheets were saved, not what they hold.
        hidden = getattr(proposal, "scores_hidden", False)
        names = {c.pk: c.display_name() for c in proposal.call.criteria.all()}
        for sheet in proposal.score_sheets.select_related("reviewer").prefetch_related(
            "versions__actor"
        ):
            entries.extend(_sheet_entries(sheet, names, hidden))
        for attachment in proposal.attachments.select_related(
            "uploaded_by", "removed_by"
        ):
            entries.append(
                TimelineEntry(
                    at=attachment.uploaded_at,
                    kind=gettext("attachment"),
                    text=gettext("added: %(name)s") % {"name": attachment},
                    actor=attachment.uploaded_by,
                )
            )
            if attachment.removed_at:
                entries.append(
                    TimelineEntry(
                        at=attachment.removed_at,
                        kind=gettext("attachment"),
                        text=gettext("removed: %(name)s") % {"name": attachment},
                        actor=attachment.removed_by,
                    )
                )
        return entries


def _version_mean(scores) -> float | None:
    """The weighted mean of a ``ScoreSheetVersion``'s saved scores."""
    weights = sum(score["weight"] for score in scores)
    if not weights:
        return None
    return sum(score["weight"] * score["value"] for score in scores) / weights


def _sheet_entries(sheet, names: dict, hidden: bool) -> list[TimelineEntry]:
    """One entry per saved version of the sheet: the first with each
    criterion's score, each later one with what changed, criterion by
    criterion, old → new; one more where the sheet was set aside for a
    conflict of interest. ``names``: the call's criteria by key (a version
    keeps the name it had, for a criterion since removed). ``hidden``:
    only who saved a sheet and when."""
    versions = list(sheet.versions.all())
    kind = gettext("score sheet")
    entries = []
    if hidden:
        entries = [
            TimelineEntry(at=v.at, kind=kind, text=gettext("saved"), actor=v.actor)
            for v in versions
        ]
    elif not versions:
        entries = [
            TimelineEntry(
                at=sheet.created_at,
                kind=kind,
                text=_mean_text(sheet.mean),
                actor=sheet.reviewer,
                detail=sheet.comment,
            )
        ]
    previous = None
    for version in [] if hidden else versions:
        mean = _mean_text(_version_mean(version.scores))
        values = {s["criterion"]: s for s in version.scores}
        if previous is None:
            text = mean
            lines = [
                gettext("«%(criterion)s» %(value)s")
                % {
                    "criterion": names.get(pk, score["name"]),
                    "value": localize_digits(str(score["value"])),
                }
                for pk, score in values.items()
            ]
        else:
            text = gettext("changed; now %(mean)s") % {"mean": mean}
            before = {s["criterion"]: s["value"] for s in previous.scores}
            lines = [
                gettext("«%(criterion)s» %(before)s → %(after)s")
                % {
                    "criterion": names.get(pk, score["name"]),
                    "before": localize_digits(str(before.get(pk, "—"))),
                    "after": localize_digits(str(score["value"])),
                }
                for pk, score in values.items()
                if before.get(pk) != score["value"]
            ]
            if version.comment != previous.comment:
                lines.append(gettext("the comment changed"))
        entries.append(
            TimelineEntry(
                at=version.at,
                kind=kind,
                text=text,
                actor=version.actor,
                detail="\n".join([join_list(lines), version.comment]),
            )
        )
        previous = version
    if sheet.set_aside_at:
        entries.append(
            TimelineEntry(
                at=sheet.set_aside_at,
                kind=kind,
                text=gettext("set aside (conflict of interest)"),
                actor=sheet.reviewer,
            )
        )
    return entries


def _mean_text(mean) -> str:
    return gettext("mean %(mean)s") % {"mean": format_number(mean, None, 1)}
