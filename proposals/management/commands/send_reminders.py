"""``manage.py send_reminders``: see proposals.reminders. Safe to run from
cron every hour on several servers at once."""

from django.core.management.base import BaseCommand

from proposals.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders that are due (NGOs, reviewers, call managers), once each."
    )

    def handle(self, *args, **options):
        for kind, count in send_reminders().items():
            self.stdout.write(f"{kind}: {count}")
