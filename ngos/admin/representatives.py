"""Representatives: the accounts that act for an NGO, approved by staff."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_site import ModelAdmin
from core.l10n import localize_digits
from core.transitions import TransitionError
from ngos import services
from ngos.admin.forms import RepresentativeAdminForm
from ngos.models import Representative


@admin.register(Representative)
class RepresentativeAdmin(ModelAdmin):
    form = RepresentativeAdminForm
    list_display = ("__str__", "ngo", "role", "mobile", "approved_at")
    list_filter = ("role", ("approved_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "ngo")
    search_fields = (
        "user__first_name",
        "user__last_name",
        "user__username",
        "mobile",
        "national_code",
        "ngo__name",
    )
    # Who and for which NGO come from the person's own application; staff
    # approve, revoke and correct the rest, and never add a representative.
    readonly_fields = ("user", "ngo", "approved_at", "approved_by", "created_at")
    actions = ["approve_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Approve the selected representatives"), permissions=["change"]
    )
    def approve_selected(self, request, queryset):
        try:
            count = services.approve_representatives(
                representatives=queryset, actor=request.user
            )
        except TransitionError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)s representative approved.",
                "%(count)s representatives approved.",
                count,
            )
            % {"count": localize_digits(count)},
            messages.SUCCESS,
        )
