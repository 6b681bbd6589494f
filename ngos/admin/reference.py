"""The reference lists: provinces (fixed) and focus areas (ordered by staff)."""

from django.contrib import admin

from core.admin_site import ModelAdmin
from ngos.models import FocusArea, Province


@admin.register(Province)
class ProvinceAdmin(ModelAdmin):
    list_display = ("code", "name_fa", "name_en")
    search_fields = ("code", "name_fa", "name_en")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FocusArea)
class FocusAreaAdmin(ModelAdmin):
    list_display = ("name_fa", "name_en", "code", "position")
    list_editable = ("position",)
    search_fields = ("name_fa", "name_en", "code")

    def has_delete_permission(self, request, obj=None):
        return False
