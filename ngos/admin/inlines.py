"""What an NGO's page shows below it: its representatives and its history."""

from django.utils.translation import gettext_lazy as _

from core.admin_site import ReadOnlyTableInline, TabularInline, field_names
from ngos.admin.forms import RepresentativeAdminForm
from ngos.models import NGOStatusChange, Representative


class RepresentativeInline(TabularInline):
    """The NGO's representatives: approved, revoked and corrected here, never
    added. A representative comes only from the public registration, the
    person's own application; choosing an existing account here would link
    anyone, staff included, to the NGO."""

    model = Representative
    form = RepresentativeAdminForm
    extra = 0
    fields = ("user", "role", "national_code", "mobile", "language", "approved_at")
    readonly_fields = ("user", "approved_at")
    show_change_link = True

    def get_queryset(self, request):
        # A row is named after its user (Representative.__str__).
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(ReadOnlyTableInline):
    """The NGO's history: read-only, never added to or deleted from here."""

    model = NGOStatusChange
    # Every field of the history, when first.
    fields = ("at", *field_names(NGOStatusChange, exclude=("ngo", "at")))
    readonly_fields = fields
    verbose_name = _("status change")
    verbose_name_plural = _("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")
