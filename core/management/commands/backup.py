from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive of the whole database and of the private files "
        "(PRIVATE_MEDIA_ROOT), with a manifest of rows and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            default="backups",
            help="the archive to write (NAME.tar.gz), or a folder in which one "
            "named for the date and time is written (default: backups/)",
        )

    def handle(self, *args, destination, **options):
        try:
            report = create_backup(Path(destination))
        except BackupError as error:
            raise CommandError(str(error)) from error
        width = max(len(table.label) for table in report.tables)
        for table in report.tables:
            self.stdout.write(f"  {table.label:<{width}}  {table.rows:>8} rows")
        for name in report.missing_files:
            self.stderr.write(
                self.style.WARNING(f"A row names {name}, which is not on disk.")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {report.rows} rows of {len(report.tables)} tables and "
                f"{report.files} files ({report.file_bytes} bytes) to "
                f"{report.archive}."
            )
        )
