"""Users and groups in the ministry's admin, with Jalali dates like the rest."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

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


# django-otp's admin for TOTP devices titles its sections in English only.
TOTP_SECTIONS = {
    "Identity": _("Identity"),
    "Timestamps": _("Times"),
    "Configuration": _("Settings"),
    "State": _("State"),
    "Throttling": _("Slowing down guesses"),
}

admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoStepDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's TOTP device admin, with its section titles in the
    staff member's language (the fields' names: core.apps.TOTPConfig)."""

    def get_fieldsets(self, request, obj=None):
        return [
            (TOTP_SECTIONS.get(title, title), options)
            for title, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description=_("QR code"))
    def qrcode_link(self, device):
        if device.pk is None:
            return ""
        href = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
        return format_html('<a href="{}">{}</a>', href, _("show the QR code"))


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
        # The row is made by the migration, and saving its page makes it
        # again if it were ever lost: asking the database here would cost a
        # query on every admin page (the menu asks every admin).
        return False

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None and str(object_id) == str(SiteContact.load().pk):
            return SiteContact.load()
        return found

    def has_delete_permission(self, request, obj=None):
        return False
