"""Changes that representatives ask for: registry officers approve or reject.

The page shows each requested value beside the one it replaces; the buttons
are those of ``ngos.moves.CHANGE_REQUEST_MOVES`` (``core.admin_moves``).
Nothing is edited here: a request is the representative's own words.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.admin_moves import MovesAdminMixin
from core.admin_site import ModelAdmin
from ngos import services
from ngos.models import NGOChangeRequest
from ngos.moves import CHANGE_REQUEST_MOVES


@admin.register(NGOChangeRequest)
class NGOChangeRequestAdmin(MovesAdminMixin, ModelAdmin):
    move_table = CHANGE_REQUEST_MOVES
    list_display = ("ngo", "status_label", "requested_by", "requested_at")
    list_filter = ("status",)
    list_select_related = ("ngo", "requested_by")
    search_fields = ("ngo__name",)
    fields = (
        "ngo",
        "status_label",
        "requested_by",
        "requested_at",
        "comparison",
        "decided_by",
        "decided_at",
        "reason",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("ngo", "requested_by", "decided_by")
            .prefetch_related("provinces_served", "ngo__provinces_served")
        )

    def has_add_permission(self, request):
        # A request comes only from the NGO's representative, on the site.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def apply_move(self, request, obj, move, data):
        services.decide_change_request(
            change_request=obj,
            to_status=move.target,
            actor=request.user,
            reason=data["reason"],
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="status-badge status-{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description=_("changes"))
    def comparison(self, obj):
        rows = services.comparison(obj)
        before = _("before") if obj.previous else _("in the registry now")
        return format_html(
            '<table class="change-comparison"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("field"),
            before,
            _("requested"),
            format_html_join(
                "",
                '<tr class="{}"><th scope="row">{}</th><td><bdi>{}</bdi></td>'
                "<td><bdi>{}</bdi>{}</td></tr>",
                (
                    (
                        "changed" if row["changed"] else "unchanged",
                        capfirst(row["label"]),
                        row["before"] or "—",
                        row["after"] or "—",
                        format_html(" <strong>({})</strong>", _("changed"))
                        if row["changed"]
                        else "",
                    )
                    for row in rows
                ),
            ),
        )
