from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("meetings")

    def ready(self):
        from core import pagecache
        from core.opendata import register_dataset
        from core.stats import register_figure, register_headline
        from meetings import opendata, search, sections, stats

        sections.register()
        search.connect_signals()
        pagecache.watch(self.label)
        register_dataset(*opendata.DATASETS)
        register_figure(*stats.FIGURES)
        register_headline(*stats.HEADLINES)
