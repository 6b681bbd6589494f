from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError
from core.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty, migrated "
        "database and an empty PRIVATE_MEDIA_ROOT, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by `backup`")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="replace the data and files already there (they are deleted)",
        )

    def handle(self, *args, archive, flush, **options):
        try:
            report = restore_backup(Path(archive), flush=flush)
        except BackupError as error:
            raise CommandError(str(error)) from error
        width = max(len(table.label) for table in report.tables)
        for table in report.tables:
            self.stdout.write(f"  {table.label:<{width}}  {table.rows:>8} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.rows} rows of {len(report.tables)} tables and "
                f"{report.files} files ({report.file_bytes} bytes) from "
                f"{report.archive}; checksums and row counts match the manifest."
            )
        )
