import logging

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from demo import delivery, meetings, ngos, proposals
from demo.accounts import DemoContext, create_staff_accounts

DISCARD_MAIL = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent): staff and NGO accounts, the seed "
        "meeting, NGOs and proposals. Prints the accounts and their passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Give every demo account this password instead of random ones "
            "(for training and automated checks).",
        )

    def handle(self, *args, **options):
        demo = DemoContext(password=options["password"])
        # The demo walks records through the real services, which send mail
        # and write the audit trail; nobody should receive that mail, least
        # of all the example addresses, and made-up activity does not belong
        # in the audit trail.
        audit_logger = logging.getLogger("workgroup.audit")
        audit_logger.disabled = True
        try:
            self.load(demo)
        finally:
            audit_logger.disabled = False
        self.print_accounts(demo)

    def load(self, demo: DemoContext) -> None:
        with override_settings(EMAIL_BACKEND=DISCARD_MAIL), transaction.atomic():
            create_staff_accounts(demo)
            # In the order the apps depend on each other.
            for part in (ngos, meetings, proposals, delivery):
                part.load(demo)

    def print_accounts(self, demo: DemoContext) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Accounts:"))
        width = max(len(name) for name in demo.passwords)
        for username, password in demo.passwords.items():
            self.stdout.write(
                f"  {username:<{width}}  {password:<14}  {demo.roles[username]}"
            )
