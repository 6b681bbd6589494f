from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NgosConfig(AppConfig):
    name = "ngos"
    verbose_name = _("NGO registry")

    def ready(self):
        from core import pagecache
        from core.opendata import register_dataset
        from core.stats import register_figure, register_headline
        from ngos import opendata, stats

        pagecache.watch(self.label)
        register_dataset(opendata.DATASET)
        register_figure(*stats.FIGURES)
        register_headline(*stats.HEADLINES)
