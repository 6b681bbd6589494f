from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("working group")

    def ready(self):
        from core import (  # noqa: F401
            audit,
            checks,
            history,
            pagecache,
            powers,
            roles,
            security,
        )

        pagecache.connect_signals()
        roles.show_groups_translated()
        # The contact page shows core.SiteContact.
        pagecache.watch("core")


class WorkgroupAdminConfig(admin_apps.AdminConfig):
    """The admin, with the ministry's site in place of Django's default one."""

    default = False
    default_site = "core.admin_site.WorkgroupAdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes, under a name staff understand in the admin's index
    (its own name is the label, "AXES")."""

    verbose_name = _("sign-in attempts")


class TOTPConfig(TOTPAppConfig):
    """django-otp's TOTP devices, named in the admin's index (otherwise
    "OTP_TOTP"). The app writes its model's names and help in English only,
    not for translation; here they become translatable. The help texts keep
    their English as the message id (core/django_messages.py lists them for
    the catalogue), so that migrations see no change; verbose names and the
    model's names are not part of the migrations' state at all."""

    verbose_name = _("two-step sign-in")

    def ready(self):
        super().ready()
        model = self.get_model("TOTPDevice")
        model._meta.verbose_name = _("two-step sign-in device")
        model._meta.verbose_name_plural = _("two-step sign-in devices")
        for field in model._meta.concrete_fields:
            if field.name in TOTP_FIELD_LABELS:
                field.verbose_name = TOTP_FIELD_LABELS[field.name]
            if field.help_text:
                # django-otp's own English, listed in core/django_messages.py.
                field.help_text = gettext_lazy(str(field.help_text))


# The fields of django-otp's TOTP device, as its admin shows them.
TOTP_FIELD_LABELS = {
    "id": _("ID"),
    "user": _("user"),
    "name": _("name"),
    "confirmed": _("confirmed"),
    "key": _("secret key"),
    "step": _("time step"),
    "t0": _("starting time"),
    "digits": _("digits"),
    "tolerance": _("tolerance"),
    "drift": _("drift"),
    "last_t": _("last time step"),
    "created_at": _("created at"),
    "last_used_at": _("last used at"),
    "throttling_failure_timestamp": _("last failure"),
    "throttling_failure_count": _("failures in a row"),
}
