from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("proposals")

    def ready(self):
        from django.contrib import admin

        from proposals import stats
        from proposals.dashboard import review_panel
        from workgroup.stats import register_figure, register_headline

        admin.site.register_panel("admin/proposals/dashboard.html", review_panel)
        register_figure(*stats.FIGURES)
        register_headline(*stats.HEADLINES)
