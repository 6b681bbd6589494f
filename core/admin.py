"""Users and groups in the ministry's admin, with Jalali dates like the rest."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from core.admin_site import JalaliAdminMixin, jalali_year_filter
from core.models import SiteContact

# Django's own user and group admins, with Jalali dates like the rest.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(JalaliAdminMixin, BaseUserAdmin):
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "last_login",
    )
    list_filter = (
        *BaseUserAdmin.list_filter,
        jalali_year_filter("date_joined"),
    )


@admin.register(Group)
class GroupAdmin(JalaliAdminMixin, BaseGroupAdmin):
    pass


@admin.register(SiteContact)
class SiteContactAdmin(admin.ModelAdmin):
    """The contact page's details: one row, changed, never added twice or
    deleted."""

    list_display = ("__str__", "secretariat_email", "registry_email")

    fieldsets = (
        (
            _("Secretariat of the working group"),
            {
                "fields": (
                    "secretariat_address",
                    "secretariat_address_en",
                    "secretariat_phone",
                    "secretariat_email",
                    "secretariat_hours",
                    "secretariat_hours_en",
                )
            },
        ),
        (
            _("Registry office"),
            {
                "fields": (
                    "registry_address",
                    "registry_address_en",
                    "registry_phone",
                    "registry_email",
                    "registry_hours",
                    "registry_hours_en",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteContact.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
