from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class WorkgroupConfig(AppConfig):
    default = True
    name = "workgroup"
    verbose_name = _("working group")

    def ready(self):
        from workgroup import audit, checks, pagecache, stats  # noqa: F401

        pagecache.connect_signals()
        stats.register_figure(*stats.FIGURES)
        stats.register_headline(*stats.HEADLINES)


class WorkgroupAdminConfig(admin_apps.AdminConfig):
    """The admin, with the ministry's site in place of Django's default one."""

    default = False
    default_site = "workgroup.admin_site.WorkgroupAdminSite"
