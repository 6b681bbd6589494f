"""What the proposal's change page shows below it: score sheets and history.

Both are read-only: sheets change only through the score page, and the
history is append-only.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_site import ReadOnlyTableInline
from core.jalali import format_short_datetime
from core.l10n import format_number
from proposals.models import ProposalEvent, ScoreSheet
from proposals.review import scores_hidden


class ReadOnlyInline(ReadOnlyTableInline):
    pass


class EventInline(ReadOnlyInline):
    """The proposal's history: never added to, changed or deleted here."""

    model = ProposalEvent
    fields = (
        "when",
        "kind",
        "transition",
        "actor",
        "visibility",
        "comment",
        "assignee",
    )
    readonly_fields = fields
    verbose_name_plural = _("history")

    @admin.display(description=_("at"))
    def when(self, obj):
        return format_short_datetime(obj.at)

    @admin.display(description=_("status"))
    def transition(self, obj):
        if not obj.to_status:
            return ""
        return f"{obj.get_from_status_display()} → {obj.get_to_status_display()}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "assignee")


class ScoreSheetInline(ReadOnlyInline):
    model = ScoreSheet
    fields = ("reviewer", "sheet_scores", "sheet_mean", "comment", "set_aside")
    readonly_fields = fields
    verbose_name_plural = _("score sheets")

    @admin.display(description=_("scores"))
    def sheet_scores(self, obj):
        return "; ".join(
            f"{score.criterion}: {format_number(score.value)}"
            for score in obj.scores.all()
        )

    @admin.display(description=_("set aside"))
    def set_aside(self, obj):
        if obj.set_aside_at is None:
            return ""
        return _("Set aside (conflict of interest), %(at)s") % {
            "at": format_short_datetime(obj.set_aside_at)
        }

    @admin.display(description=_("weighted mean"))
    def sheet_mean(self, obj):
        mean = obj.mean
        return "" if mean is None else format_number(mean, decimal_places=2)

    def get_queryset(self, request):
        # Each row shows the sheet's name, which names its proposal too.
        # Independent scores: the others' sheets wait for the reader's own.
        return (
            super()
            .get_queryset(request)
            .exclude(scores_hidden(request.user, "proposal"))
            .select_related("reviewer", "proposal")
            .prefetch_related("scores__criterion")
        )
