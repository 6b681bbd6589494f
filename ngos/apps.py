from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NgosConfig(AppConfig):
    name = "ngos"
    verbose_name = _("NGO registry")

    def ready(self):
        from django.contrib import admin
        from django.db.models import signals

        from core import pagecache
        from core.opendata import register_dataset
        from core.stats import register_figure, register_headline
        from ngos import opendata, reference, stats
        from ngos.dashboard import registry_desk
        from ngos.models import FocusArea, Province

        for model in (FocusArea, Province):
            signals.post_save.connect(reference.forget, sender=model)
            signals.post_delete.connect(reference.forget, sender=model)
        admin.site.register_panel("admin/ngos/registry_desk.html", registry_desk)
        pagecache.watch(
            self.label,
            private=("NGOStatusChange", "Representative", "NGOChangeRequest"),
        )
        register_dataset(opendata.DATASET)
        register_figure(*stats.FIGURES)
        register_headline(*stats.HEADLINES)
