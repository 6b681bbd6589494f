from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("proposals")

    def ready(self):
        from django.contrib import admin
        from django.db.models.signals import post_delete, post_save

        from core import pagecache
        from core.opendata import register_dataset
        from core.stats import register_figure, register_headline
        from meetings.admin.meetings import register_meeting_link
        from proposals import opendata, sections, stats
        from proposals.admin.presented import presented_link
        from proposals.dashboard import (
            call_managers_panel,
            review_panel,
            reviewer_desk,
        )
        from proposals.models import Proposal, forget_status_counts

        admin.site.register_panel("admin/proposals/reviewer_desk.html", reviewer_desk)
        admin.site.register_panel("admin/proposals/dashboard.html", review_panel)
        admin.site.register_panel(
            "admin/proposals/call_managers_desk.html", call_managers_panel
        )
        register_meeting_link(presented_link)
        for signal in (post_save, post_delete):
            signal.connect(
                forget_status_counts, sender=Proposal, dispatch_uid="status_counts"
            )
        sections.register()
        pagecache.watch(
            self.label,
            private=(
                "CallEvent",
                "ProposalEvent",
                "ReferenceSequence",
                "ConflictOfInterest",
                "ScoreSheet",
                "Score",
                "ScoreSheetVersion",
                "ReviewAssignment",
                "Reminder",
                "Attachment",
                "ProposalRevision",
                "LetterSequence",
            ),
        )
        register_dataset(*opendata.DATASETS)
        register_figure(*stats.FIGURES)
        register_headline(*stats.HEADLINES)
