import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from demo.scale import Generator
from demo.scale.meetings import BENCHMARK_STATEMENTS
from demo.scale.proposals import BENCHMARK_PROPOSALS


class Command(BaseCommand):
    help = (
        "Add made-up NGOs, proposals and meetings at scale to the database, "
        "for measuring the pages (expects migrations applied). The same seed on "
        "the same database gives the same records, dated back from now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ngos", type=int, default=10_000)
        parser.add_argument("--proposals", type=int, default=100_000)
        parser.add_argument("--meetings", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=1396)
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2_000,
            help="rows per INSERT at most, and proposals made per round",
        )

    def handle(self, *args, **options):
        sizes = {name: options[name] for name in ("ngos", "proposals", "meetings")}
        if any(size < 0 for size in sizes.values()) or options["batch_size"] < 1:
            raise CommandError("Sizes must be 0 or more, and the batch size 1 or more.")
        if sizes["proposals"] and not sizes["ngos"]:
            raise CommandError("Proposals need NGOs: give --ngos too.")
        started = time.monotonic()
        result = Generator(seed=options["seed"], batch_size=options["batch_size"]).run(
            **sizes
        )
        if connection.vendor == "postgresql":
            # Fresh statistics, so that the benchmark measures the query
            # plans production would have rather than those of an empty
            # database (autovacuum would get there, later).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.1f} s:"))
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label:<28} {count:>9,}")
        ngo, user, meeting = (
            result.benchmark_ngo,
            result.benchmark_user,
            result.benchmark_meeting,
        )
        if ngo is not None:
            self.stdout.write(
                f"NGO with at least {BENCHMARK_PROPOSALS} proposals: id {ngo.pk}, "
                f"{ngo.get_absolute_url()}; its representative "
                f"{user.get_username()} sees them at {reverse('proposals:list')} "
                "(the account has no usable password: set one, or use force_login)"
            )
        if meeting is not None:
            self.stdout.write(
                f"Published meeting with {BENCHMARK_STATEMENTS} statements: "
                f"id {meeting.pk}, {meeting.get_absolute_url()}"
            )
