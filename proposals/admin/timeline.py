"""A proposal's one timeline behind the admin's "History" button."""

from django.utils.translation import gettext

from core.admin_timeline import TimelineAdminMixin, TimelineEntry, person
from core.l10n import format_number
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
        for sheet in proposal.score_sheets.select_related("reviewer").prefetch_related(
            "versions__actor", "scores__criterion"
        ):
            entries.extend(_sheet_entries(sheet))
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


def _sheet_entries(sheet) -> list[TimelineEntry]:
    """One entry per saved version of the sheet (the first "mean …", the
    later ones "changed; now mean …"); a sheet with no version recorded
    gives one entry of its current scores."""
    versions = list(sheet.versions.all())
    if not versions:
        return [
            TimelineEntry(
                at=sheet.created_at,
                kind=gettext("score sheet"),
                text=_mean_text(sheet.mean),
                actor=sheet.reviewer,
                detail=sheet.comment,
            )
        ]
    entries = []
    for index, version in enumerate(versions):
        mean = _mean_text(_version_mean(version.scores))
        entries.append(
            TimelineEntry(
                at=version.at,
                kind=gettext("score sheet"),
                text=mean
                if index == 0
                else gettext("changed; now %(mean)s") % {"mean": mean},
                actor=version.actor,
                detail=version.comment,
            )
        )
    return entries


def _mean_text(mean) -> str:
    return gettext("mean %(mean)s") % {"mean": format_number(mean, None, 1)}
