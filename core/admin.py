"""Users and groups in the ministry's admin, with Jalali dates like the rest."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, User

from core.admin_site import JalaliAdminMixin, jalali_year_filter

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
