from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("working group")

    def ready(self):
        from core import audit, checks, history, pagecache, powers, security  # noqa: F401

        pagecache.connect_signals()
        # The contact page shows core.SiteContact.
        pagecache.watch("core")


class WorkgroupAdminConfig(admin_apps.AdminConfig):
    """The admin, with the ministry's site in place of Django's default one."""

    default = False
    default_site = "core.admin_site.WorkgroupAdminSite"
