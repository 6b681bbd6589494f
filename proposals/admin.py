from django.contrib import admin

from proposals.models import Proposal
from workgroup.admin_site import ModelAdmin


@admin.register(Proposal)
class ProposalAdmin(ModelAdmin):
    list_display = ("reference", "title", "ngo", "status", "submitted_at")
    list_select_related = ("ngo",)
    readonly_fields = ("status", "reference")

    def has_delete_permission(self, request, obj=None):
        return False
