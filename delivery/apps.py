from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("delivery of supported plans")

    def ready(self):
        from core import pagecache
        from core.stats import register_figure
        from delivery import hooks, stats
        from proposals import reminders, supported

        hooks.register()
        register_figure(*stats.FIGURES)
        supported.register_card(hooks.plan_cards)
        supported.register_page(hooks.plan_url)
        reminders.register_sender(hooks.send_reminders)
        pagecache.watch(self.label, private=("PlanEvent", "ReportAttachment"))
