from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and scale data: ``load_demo`` and ``generate_scale_data``."""

    name = "demo"
    verbose_name = _("demo data")
