"""Backups of the whole site: the database and the private files, one archive.

An archive is a gzip-compressed tar file::

    data/<app_label>.<model>.jsonl   every row of one table, one JSON object a
                                     line (Django's JSON Lines serialisation),
                                     in primary-key order
    files/<path>                     every file under PRIVATE_MEDIA_ROOT
    manifest.json                    format and version, when, Django's
                                     version, the applied migrations, and the
                                     rows and SHA-256 of every data file and
                                     the size and SHA-256 of every file

Django's serialisation rather than ``pg_dump``: it needs no database client
of the server's exact version, and an archive taken from SQLite restores
into PostgreSQL and the other way round.

Every table is written, the many-to-many link tables as tables of their own
and content types and permissions included, with its primary keys. A restore
empties the database and puts every row back with the same keys, so every
reference comes back exactly, the generic ones (the admin's log) too; a
fresh database's own content types and permissions, numbered in whatever
order its migrations ran, are replaced rather than matched by name.

Rows go in through ``Model.save_base(raw=True)``, the path ``loaddata``
takes, never through ``Model.save()``, ``delete()`` or the querysets'
``bulk_create()``. Those are where the append-only histories and the lock of
approved minutes refuse changes, and rightly: a restore is not a change of
the record but the record coming back as it was. ``raw`` also keeps stored
timestamps (``auto_now`` fields are not stamped anew), and link tables
loaded as rows send no ``m2m_changed`` signal (the minutes' lock listens to
it).
"""

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "workgroup-backup"
VERSION = 1

# Sessions are left out: they are short-lived, and people sign in again.
SKIPPED_MODELS = frozenset({"sessions.session"})

# What a freshly migrated database already holds: migrations write these
# rows. A database with rows in any other table is not empty.
MIGRATION_DATA = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "auth.group",
        "auth.group_permissions",
        "ngos.province",
        "ngos.focusarea",
        "core.sitecontact",
        # The standing call for proposals ("open submissions").
        "proposals.call",
        # Its rubric, the default criteria.
        "proposals.criterion",
    }
)

# Staging folders of a restore in progress, inside PRIVATE_MEDIA_ROOT so that
# moving files into place is a rename on the same file system.
STAGING_PREFIX = ".restore-"
CHUNK = 1 << 20


def private_folder(path: Path) -> None:
    """Make the folder ``path``, and any missing folder above it, readable
    by the owner only (``mkdir(parents=True)`` would give the folders above
    the default mode)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)


def private_file(path: Path):
    """``path`` opened for writing, readable by the owner only."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


@dataclass
class Table:
    label: str
    rows: int


@dataclass
class Report:
    """What a backup or a restore did."""

    archive: Path
    tables: list[Table] = field(default_factory=list)
    files: int = 0
    file_bytes: int = 0
    missing_files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, with times to the microsecond.

    ``DjangoJSONEncoder`` cuts times to milliseconds (what JavaScript reads);
    a backup must give back exactly what was stored, or the order of history
    entries made in the same millisecond could change.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def tables(using: str = DEFAULT_DB_ALIAS) -> list:
    """Every table a backup holds, as models: each concrete model of every
    installed app, followed by its many-to-many link tables."""
    result = []
    for model in apps.get_models():
        opts = model._meta
        if (
            opts.proxy
            or not opts.managed
            or opts.label_lower in SKIPPED_MODELS
            or not router.allow_migrate_model(using, model)
        ):
            continue
        result.append(model)
        for m2m in opts.local_many_to_many:
            if m2m.remote_field.through._meta.auto_created:
                result.append(m2m.remote_field.through)
    return result


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _data_name(model) -> str:
    return f"data/{model._meta.label_lower}.jsonl"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# Backup ------------------------------------------------------------------------


def create_backup(destination: Path, *, using: str = DEFAULT_DB_ALIAS) -> Report:
    """Write one archive of the database and of PRIVATE_MEDIA_ROOT.

    ``destination`` is the archive's file name, or a folder in which one named
    for the moment is made. The rows are read in one transaction, on
    PostgreSQL a read-only REPEATABLE READ one, so the archive is one moment
    of the database however long it takes; the files are copied after it, so
    every file a row names is there (uploads are stored before their row is
    committed, and never changed afterwards). A file a row names but which is
    missing from disk is reported, not fatal: better a backup without it
    than none.

    The archive is written under a temporary name and renamed when complete,
    readable by its owner only (it holds personal data), in a folder made
    readable by its owner only if it does not exist yet.
    """
    destination = Path(destination)
    if destination.is_dir() or not destination.name.endswith(".tar.gz"):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"workgroup-{stamp}.tar.gz"
    partial = destination.with_name(destination.name + ".partial")
    report = Report(archive=destination)
    try:
        private_folder(destination.parent)
        with tempfile.TemporaryDirectory(
            prefix=".backup-", dir=destination.parent
        ) as scratch:
            manifest = _dump_database(Path(scratch), using, report)
            with (
                private_file(partial) as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                for entry in manifest["tables"]:
                    tar.add(Path(scratch) / entry["file"], arcname=entry["file"])
                manifest["files"] = _archive_files(tar, report)
                missing = set(manifest.pop("referenced_files")) - set(manifest["files"])
                report.missing_files = manifest["missing_files"] = sorted(missing)
                _add_bytes(tar, "manifest.json", _json_bytes(manifest))
            os.replace(partial, destination)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"Could not write the archive {destination}: {error}"
        ) from error
    except DatabaseError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The database refused the backup: {error}") from error
    return report


def _dump_database(scratch: Path, using: str, report: Report) -> dict:
    connection = connections[using]
    (scratch / "data").mkdir()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "django": django.get_version(),
        "database": connection.vendor,
        "tables": [],
        "referenced_files": [],
    }
    connection.ensure_connection()
    nested = connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and not nested:
            # The first statement of the transaction: every query after it
            # sees the database as it was at that moment. (Inside a caller's
            # transaction, that transaction decides what is seen.)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        manifest["migrations"] = applied_migrations(using)
        for model in tables(using):
            name = _data_name(model)
            rows = model._base_manager.using(using).order_by("pk")
            with (scratch / name).open("w", encoding="utf-8") as stream:
                serializers.serialize(
                    "jsonl",
                    rows.iterator(chunk_size=2000),
                    stream=stream,
                    # Link tables are tables of their own here.
                    fields=[f.name for f in model._meta.local_fields],
                    cls=ExactJSONEncoder,
                )
            count = rows.count()
            manifest["tables"].append(
                {
                    "model": model._meta.label_lower,
                    "file": name,
                    "rows": count,
                    "sha256": _sha256(scratch / name),
                }
            )
            report.tables.append(Table(model._meta.label_lower, count))
            manifest["referenced_files"] += _private_file_names(model, rows)
    return manifest


def _private_file_names(model, rows) -> list[str]:
    """The names of private files the rows refer to."""
    root = os.path.abspath(settings.PRIVATE_MEDIA_ROOT)
    names = []
    for model_field in model._meta.local_fields:
        storage = getattr(model_field, "storage", None)
        if storage is not None and getattr(storage, "location", None) == root:
            names += [
                name
                for name in rows.values_list(model_field.attname, flat=True)
                if name
            ]
    return names


def private_files(root: Path):
    """Files under ``root``, sorted, without a restore's staging folders."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(STAGING_PREFIX))
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


class _HashingReader:
    """A file read through, hashed on the way into the archive."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _archive_files(tar: tarfile.TarFile, report: Report) -> dict:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    files = {}
    for path in private_files(root):
        name = path.relative_to(root).as_posix()
        with path.open("rb") as stream:
            info = tar.gettarinfo(fileobj=stream, arcname=f"files/{name}")
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            reader = _HashingReader(stream)
            tar.addfile(info, reader)
        files[name] = {"bytes": info.size, "sha256": reader.digest.hexdigest()}
        report.files += 1
        report.file_bytes += info.size
    return files


def _json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))
