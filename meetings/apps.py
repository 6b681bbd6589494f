from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("meetings")

    def ready(self):
        from django.contrib import admin

        from core import pagecache
        from core.opendata import register_dataset
        from core.stats import register_figure, register_headline
        from meetings import opendata, search, sections, stats
        from meetings.dashboard import secretary_desk

        admin.site.register_panel("admin/meetings/secretary_desk.html", secretary_desk)
        sections.register()
        search.connect_signals()
        pagecache.watch(self.label, private=("MeetingEvent",))
        register_dataset(*opendata.DATASETS)
        register_figure(*stats.FIGURES)
        register_headline(*stats.HEADLINES)
