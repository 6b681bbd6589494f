"""Restore of an archive written by ``core.backup.create_backup``.

Read ``core.backup`` first: it describes the archive and why rows are
inserted the way they are.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from core.backup import (
    CHUNK,
    FORMAT,
    MIGRATION_DATA,
    STAGING_PREFIX,
    VERSION,
    BackupError,
    Report,
    Table,
    applied_migrations,
    private_file,
    private_files,
    private_folder,
    tables,
)
from core.history import flush_allowed


def read_archive(archive: Path, into: Path) -> dict:
    """Unpack ``archive`` into the folder ``into`` and check it; its manifest.

    Refused: an archive of another format or a later version, a member that
    is not a plain file under ``data/`` or ``files/`` (an absolute name, a
    ``..``, a link), a member the manifest does not list or one it lists
    that is missing, a checksum or a row count that differs.
    """
    found = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = _member_name(member)
                target = into / name
                # Unpacked straight into place, private like the originals.
                private_folder(target.parent)
                digest = hashlib.sha256()
                with tar.extractfile(member) as source, private_file(target) as copy:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        copy.write(chunk)
                found[name] = {"bytes": member.size, "sha256": digest.hexdigest()}
        manifest = json.loads((into / "manifest.json").read_bytes())
    except (OSError, EOFError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"Cannot read the archive {archive}: {error}") from error
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("version"), int):
        raise BackupError(f"{archive} is not a backup of this site.")
    for key, kind in (("migrations", list), ("tables", list), ("files", dict)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"The manifest of {archive} lacks its {key}.")
    if manifest["version"] > VERSION:
        raise BackupError(
            f"{archive} was written in format version {manifest['version']}; "
            f"this version of the site reads up to version {VERSION}."
        )
    expected = {"manifest.json"}
    for entry in manifest["tables"]:
        expected.add(entry["file"])
        _check_member(found, entry["file"], entry["sha256"])
        with (into / entry["file"]).open("rb") as stream:
            rows = sum(1 for line in stream if line.strip())
        if rows != entry["rows"]:
            raise BackupError(
                f"{entry['file']} holds {rows} rows; the manifest says {entry['rows']}."
            )
    for name, meta in manifest["files"].items():
        expected.add(f"files/{name}")
        _check_member(found, f"files/{name}", meta["sha256"])
    unexpected = sorted(set(found) - expected)
    if unexpected:
        raise BackupError(f"The manifest does not list {', '.join(unexpected)}.")
    return manifest


def _member_name(member: tarfile.TarInfo) -> str:
    path = PurePosixPath(member.name)
    if (
        not member.isfile()
        or path.is_absolute()
        or ".." in path.parts
        or not (
            member.name == "manifest.json"
            or (len(path.parts) > 1 and path.parts[0] in ("data", "files"))
        )
    ):
        raise BackupError(f"The archive holds an unexpected member: {member.name!r}.")
    return path.as_posix()


def _check_member(found: dict, name: str, sha256: str) -> None:
    if name not in found:
        raise BackupError(f"The archive lacks {name}, which its manifest lists.")
    if found[name]["sha256"] != sha256:
        raise BackupError(f"{name} is damaged: its checksum differs from the manifest.")


def restore_backup(
    archive: Path, *, flush: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Report:
    """Bring back the database and the private files of ``archive``.

    The archive is unpacked and checked (see :func:`read_archive`) before the
    database is touched. The database must be migrated exactly as the one the
    archive was taken from, and empty: nothing but what migrations write, and
    no file under PRIVATE_MEDIA_ROOT. With ``flush`` whatever is there is
    replaced instead.

    Everything happens in one transaction: every table is emptied, every row
    inserted with its primary key, the sequences set past the highest key,
    the foreign keys checked and every table's rows counted against the
    manifest; then the files are moved into place (renames), and only then
    is the transaction committed. On any error the transaction rolls back and
    the files go back where they were. Afterwards the cache is cleared, since
    nothing cached may outlive the data it was made from.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    report = Report(archive=archive)
    try:
        private_folder(root)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    except OSError as error:
        raise BackupError(f"Cannot write to PRIVATE_MEDIA_ROOT: {error}") from error
    moves = []
    try:
        manifest = read_archive(archive, staging)
        models = _check_target(manifest, root=root, flush=flush, using=using)
        nested = connections[using].in_atomic_block
        try:
            with transaction.atomic(using=using):
                if nested:
                    # Inside a caller's transaction, its foreign-key checks
                    # may still be pending, and PostgreSQL refuses to empty a
                    # table that has any: run them now.
                    connections[using].check_constraints()
                _load(manifest, models, staging, using, report)
                moves = _put_files_in_place(root, staging, flush)
        except BaseException:
            _undo(moves)
            raise
    except DatabaseError as error:
        raise BackupError(f"The database refused the restore: {error}") from error
    except OSError as error:
        raise BackupError(f"Could not restore the files: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.files = len(manifest["files"])
    report.file_bytes = sum(meta["bytes"] for meta in manifest["files"].values())
    ContentType.objects.clear_cache()
    cache.clear()
    return report


def _check_target(manifest: dict, *, root: Path, flush: bool, using: str) -> dict:
    """The models of the archive's tables, once the database may take them."""
    here = set(applied_migrations(using))
    there = set(manifest["migrations"])
    if here != there:
        details = []
        if there - here:
            details.append("only in the archive: " + ", ".join(sorted(there - here)))
        if here - there:
            details.append("only in this database: " + ", ".join(sorted(here - there)))
        raise BackupError(
            "The archive was taken from a database at another migration state ("
            + "; ".join(details)
            + "). Restore with the version of the site that wrote it, or migrate "
            "this empty database to the archive's state first (manage.py migrate "
            "<app> <migration>), restore, then migrate forward."
        )
    models = {model._meta.label_lower: model for model in tables(using)}
    labels = [entry["model"] for entry in manifest["tables"]]
    if set(labels) != set(models):
        raise BackupError(
            "The archive's tables differ from this site's: "
            + ", ".join(sorted(set(labels) ^ set(models)))
            + "."
        )
    if flush:
        return models
    occupied = [
        f"{label} ({model._base_manager.using(using).count()} rows)"
        for label, model in models.items()
        if label not in MIGRATION_DATA and model._base_manager.using(using).exists()
    ]
    if occupied:
        raise BackupError(
            "The database already holds data: "
            + ", ".join(occupied)
            + ". Restore into an empty, migrated database, or pass --flush to "
            "replace everything in this one."
        )
    if next(private_files(root), None) is not None:
        raise BackupError(
            f"PRIVATE_MEDIA_ROOT ({root}) already holds files. Restore into an "
            "empty folder, or pass --flush to replace them."
        )
    return models


def _load(manifest: dict, models: dict, staging: Path, using: str, report) -> None:
    connection = connections[using]
    existing = connection.introspection.django_table_names(
        only_existing=True, include_views=False
    )
    # Emptying the history tables is refused but for a flush (core.history).
    with flush_allowed(using), connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), existing):
            cursor.execute(sql)
    for entry in manifest["tables"]:
        model = models[entry["model"]]
        with (staging / entry["file"]).open(encoding="utf-8") as stream:
            try:
                for row in serializers.deserialize("jsonl", stream, using=using):
                    if type(row.object) is not model:
                        raise BackupError(
                            f"{entry['file']} holds a row of another table."
                        )
                    row.save(using=using, force_insert=True)
            except serializers.base.DeserializationError as error:
                raise BackupError(f"{entry['file']}: {error}") from error
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models.values()):
            cursor.execute(sql)
    connection.check_constraints()
    for entry in manifest["tables"]:
        rows = models[entry["model"]]._base_manager.using(using).count()
        if rows != entry["rows"]:
            raise BackupError(
                f"{entry['model']}: {rows} rows restored, {entry['rows']} expected."
            )
        report.tables.append(Table(entry["model"], rows))


def _put_files_in_place(root: Path, staging: Path, flush: bool) -> list:
    """Move the unpacked files into PRIVATE_MEDIA_ROOT; the moves made.

    With ``flush`` what was there moves aside into the staging folder first
    (removed with it once the restore is committed)."""
    moves = []
    if flush:
        previous = staging / "previous"
        previous.mkdir()
        for entry in sorted(root.iterdir()):
            if not entry.name.startswith(STAGING_PREFIX):
                os.replace(entry, previous / entry.name)
                moves.append((entry, previous / entry.name))
    incoming = staging / "files"
    if incoming.is_dir():
        for entry in sorted(incoming.iterdir()):
            os.replace(entry, root / entry.name)
            moves.append((entry, root / entry.name))
    return moves


def _undo(moves: list) -> None:
    for source, target in reversed(moves):
        os.replace(target, source)
