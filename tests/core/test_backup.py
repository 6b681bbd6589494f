"""Backup and restore: every row and every file comes back, or nothing does.

The round trip runs on whichever database the suite runs on, so on SQLite
with ``make test`` and on PostgreSQL with ``DATABASE_URL=postgres://...``.
"""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.backup import BackupError, create_backup, tables
from core.history import HistoryIsAppendOnly
from core.restore import restore_backup
from meetings.models import Meeting, MinutesLocked
from ngos.models import NGO, FocusArea, NGOStatusChange
from ngos.services import change_ngo_status
from proposals import drafts
from proposals import review as proposal_review
from proposals.models import Attachment, Proposal, ProposalEvent
from tests.conftest import replay_data_migrations
from tests.factories import ProposalFactory, rubric_scores
from tests.proposals.files import PDF

PASSWORD = "backup-Test-passw0rd"


def build_dataset() -> None:
    """The demo data, plus what the demo leaves out: score sheets, conflicts
    of interest, internal comments, an NGO suspended and verified again, a
    user's own permission, the admin's log, and a larger binary file."""
    call_command("load_demo", password=PASSWORD, stdout=io.StringIO())
    registrar = User.objects.get(username="registrar")
    reviewer = User.objects.get(username="reviewer")
    secretary = User.objects.get(username="secretary")
    rep_a = User.objects.get(username="rep_a")

    suspended = NGO.objects.filter(status="suspended").first()
    change_ngo_status(
        ngo=suspended, to_status="verified", actor=registrar, reason="مدارک رسید"
    )
    under_review = Proposal.objects.filter(status="under_review").first()
    proposal_review.score_proposal(
        proposal=under_review,
        actor=reviewer,
        scores=rubric_scores(
            under_review.call,
            relevance=5,
            feasibility=4,
            impact=4,
            cost_effectiveness=3,
            capacity=5,
        ),
        comment="برنامه زمانی روشن است",
    )
    other_reviewer = User.objects.create_user(
        "reviewer3", password=PASSWORD, is_staff=True
    )
    other_reviewer.groups.set(reviewer.groups.all())
    proposal_review.declare_conflict(
        proposal=under_review, actor=other_reviewer, note="عضو هیئت‌مدیره"
    )
    proposal_review.add_comment(
        proposal=under_review,
        actor=reviewer,
        comment="برای جلسه بعد",
        visibility=ProposalEvent.Visibility.INTERNAL,
    )
    secretary.user_permissions.add(Permission.objects.get(codename="export_proposal"))
    LogEntry.objects.log_actions(
        user_id=secretary.pk,
        queryset=Meeting.objects.all()[:2],
        action_flag=CHANGE,
        change_message="ویرایش دستور جلسه",
    )
    User.objects.filter(pk=rep_a.pk).update(last_login=timezone.now())
    draft = Proposal.objects.filter(status="draft", ngo=rep_a.representative.ngo)
    big = PDF + bytes(range(256)) * 1200
    drafts.add_attachment(
        proposal=draft.first(),
        uploaded=SimpleUploadedFile("پیوست بزرگ.pdf", big, "application/pdf"),
        actor=rep_a,
    )


def snapshot() -> dict:
    """Every row of every table the backup holds, field by field."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in tables()
    }


def private_files() -> dict:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def empty_like_a_fresh_database() -> None:
    """What ``migrate`` leaves in a new database, numbered differently.

    The content types and permissions are created after a stale one, so
    their primary keys differ from the original database's: the restore
    must replace them, not rely on equal numbering.
    """
    call_command("flush", interactive=False, inhibit_post_migrate=True)
    ContentType.objects.clear_cache()
    ContentType.objects.create(app_label="retired", model="gone")
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    replay_data_migrations()
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_gives_back_every_row_and_file(
    migration_data, tmp_path
):
    build_dataset()
    rows_before = snapshot()
    files_before = private_files()
    ngo_type = ContentType.objects.get_for_model(NGO).pk

    backup = create_backup(tmp_path / "backups")
    empty_like_a_fresh_database()
    assert ContentType.objects.get_for_model(NGO).pk != ngo_type
    assert private_files() == {}
    restored = restore_backup(backup.archive)

    assert snapshot() == rows_before
    assert private_files() == files_before
    assert restored.rows == backup.rows == sum(map(len, rows_before.values()))
    assert restored.files == backup.files == len(files_before)
    assert backup.missing_files == []
    # Enough of both to mean something: every table, and files of every kind.
    assert restored.rows > 500
    assert restored.files >= 19


@pytest.mark.django_db(transaction=True)
def test_the_restored_site_works_and_keeps_its_locks(migration_data, tmp_path, client):
    build_dataset()
    backup = create_backup(tmp_path / "b.tar.gz")
    empty_like_a_fresh_database()
    restore_backup(backup.archive)

    # New rows get keys past the restored ones (sequences were reset).
    highest = Proposal.objects.order_by("-pk").first().pk
    assert ProposalFactory(ngo=NGO.objects.first()).pk > highest
    # The guards that the restore went around still hold afterwards.
    event = ProposalEvent.objects.first()
    with pytest.raises(HistoryIsAppendOnly):
        event.save()
    approved = Meeting.objects.filter(minutes_status="approved").first()
    approved.title = "changed"
    with pytest.raises(MinutesLocked):
        approved.save()
    assert NGOStatusChange.objects.count() > 0
    # The demo accounts sign in with their passwords and reach their files.
    response = client.post(
        reverse("login"), {"username": "rep_a", "password": PASSWORD}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.filter(
        proposal__ngo=User.objects.get(username="rep_a").representative.ngo
    ).first()
    response = client.get(attachment.get_absolute_url())
    downloaded = b"".join(response.streaming_content)
    response.close()
    with attachment.file.open("rb") as stored:
        assert downloaded == stored.read()


@pytest.mark.django_db(transaction=True)
def test_a_failed_restore_changes_nothing(migration_data, tmp_path):
    build_dataset()
    backup = create_backup(tmp_path / "b.tar.gz")
    broken = rewrite(
        backup.archive,
        tmp_path / "broken.tar.gz",
        table="proposals.attachment",
        edit=lambda row: {**row, "fields": {**row["fields"], "proposal": 987654}},
    )
    # Something else is there now; the broken archive must not replace it.
    ProposalFactory(ngo=NGO.objects.first(), title="after the backup")
    rows_before = snapshot()
    files_before = private_files()

    with pytest.raises(BackupError, match="database refused the restore"):
        restore_backup(broken, flush=True)

    assert snapshot() == rows_before
    assert private_files() == files_before
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).glob(".restore-*"))


def rewrite(archive: Path, to: Path, *, table=None, edit=None, manifest=None):
    """A copy of ``archive`` with one table's rows edited (checksums made to
    match, as a bug rather than damage would) or its manifest changed."""
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}
    data = json.loads(members["manifest.json"])
    if table:
        entry = next(e for e in data["tables"] if e["model"] == table)
        lines = members[entry["file"]].decode().splitlines()
        edited = "".join(json.dumps(edit(json.loads(line))) + "\n" for line in lines)
        members[entry["file"]] = edited.encode()
        entry["sha256"] = hashlib.sha256(edited.encode()).hexdigest()
    if manifest:
        data = manifest(data)
    members["manifest.json"] = json.dumps(data).encode()
    with tarfile.open(to, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return to


@pytest.fixture
def archive(db, tmp_path, rep_a):
    """An archive of a small database: one proposal with one file."""
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    drafts.add_attachment(
        proposal=proposal,
        uploaded=SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
        actor=rep_a,
    )
    return create_backup(tmp_path / "backups").archive


def test_restore_over_existing_data_is_refused_without_flush(archive):
    with pytest.raises(BackupError) as refused:
        restore_backup(archive)
    assert "The database already holds data: auth.user (1 rows)" in str(refused.value)
    assert "pass --flush to replace everything" in str(refused.value)


def test_restore_over_existing_files_is_refused_without_flush(archive):
    connection.check_constraints()  # PostgreSQL empties no table with checks pending
    call_command("flush", interactive=False)
    with pytest.raises(BackupError, match="already holds"):
        restore_backup(archive)


def test_a_damaged_archive_is_refused_before_the_database_is_touched(archive, tmp_path):
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar}
    name = next(n for n in members if n.startswith("files/"))
    members[name] = members[name].replace(b"%PDF", b"%XYZ")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for member, content in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    before = snapshot()

    with pytest.raises(BackupError, match=f"{name} is damaged"):
        restore_backup(damaged, flush=True)
    assert snapshot() == before


def test_an_archive_with_a_path_outside_its_folders_is_refused(archive, tmp_path):
    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(hostile, "w:gz") as tar:
        info = tarfile.TarInfo("files/../../escaped.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(BackupError, match="unexpected member"):
        restore_backup(hostile, flush=True)
    assert not (tmp_path / "escaped.txt").exists()


def test_an_archive_of_another_migration_state_is_refused(archive, tmp_path):
    older = rewrite(
        archive,
        tmp_path / "older.tar.gz",
        manifest=lambda m: {
            **m,
            "migrations": [
                n for n in m["migrations"] if n != "proposals.0002_search_and_reviewers"
            ],
        },
    )
    with pytest.raises(BackupError) as refused:
        restore_backup(older, flush=True)
    assert "only in this database: proposals.0002_search_and_reviewers" in str(
        refused.value
    )


def test_rows_that_break_the_append_only_history_guards_still_restore(
    archive, tmp_path
):
    """Restore inserts rows without Model.save(), so even a history entry
    (whose save() refuses a row with a key) comes back."""
    ProposalEvent.objects.create(
        proposal=Proposal.objects.get(), kind="comment", actor=User.objects.get()
    )
    archive = create_backup(tmp_path / "with-history.tar.gz").archive
    before = snapshot()
    restore_backup(archive, flush=True)
    assert snapshot() == before


def test_the_commands_print_what_they_did(archive, tmp_path, capsys):
    call_command("backup", str(tmp_path / "again.tar.gz"))
    written = capsys.readouterr().out
    assert "proposals.proposal" in written
    assert "and 1 files" in written

    call_command("restore", str(tmp_path / "again.tar.gz"), "--flush")
    restored = capsys.readouterr().out
    assert "checksums and row counts match the manifest" in restored
    assert "and 1 files" in restored


def test_restore_of_a_missing_archive_fails_with_a_message(db, tmp_path):
    with pytest.raises(CommandError, match="There is no archive at"):
        call_command("restore", str(tmp_path / "nothing.tar.gz"))


def test_an_archive_is_readable_by_its_owner_only(archive):
    assert archive.stat().st_mode & 0o777 == 0o600
    assert archive.parent.stat().st_mode & 0o777 == 0o700


def modes_under(root: Path) -> set:
    """The permission bits of ``root`` and of every file and folder in it."""
    return {
        ("folder" if path.is_dir() else "file", path.stat().st_mode & 0o777)
        for path in [root, *root.rglob("*")]
    }


def test_private_files_are_stored_readable_by_their_owner_only(archive):
    assert modes_under(Path(settings.PRIVATE_MEDIA_ROOT)) == {
        ("folder", 0o700),
        ("file", 0o600),
    }


def test_restored_private_files_are_readable_by_their_owner_only(archive):
    connection.check_constraints()  # PostgreSQL empties no table with checks pending
    restore_backup(archive, flush=True)
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert any(path.is_file() for path in root.rglob("*"))
    assert modes_under(root) == {("folder", 0o700), ("file", 0o600)}


def test_times_keep_their_microseconds(archive, tmp_path):
    proposal = Proposal.objects.get()
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=proposal.created_at.replace(microsecond=123456)
    )
    archive = create_backup(tmp_path / "micro.tar.gz").archive
    restore_backup(archive, flush=True)
    assert Proposal.objects.get().created_at.microsecond == 123456


def test_the_minutes_lock_does_not_stop_a_restore(db, tmp_path, secretary):
    from tests.factories import MeetingFactory

    area = FocusArea.objects.first()
    meeting = MeetingFactory(focus_areas=[area])
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status="approved", approved_at=timezone.now()
    )
    archive = create_backup(tmp_path / "m.tar.gz").archive
    restore_backup(archive, flush=True)
    restored = Meeting.objects.get()
    assert list(restored.focus_areas.all()) == [area]
    with pytest.raises(PermissionDenied):
        restored.delete()
    assert restored.pk == meeting.pk


def test_a_file_missing_on_disk_is_reported_and_the_rest_backed_up(
    archive, tmp_path, capsys
):
    attachment = Attachment.objects.get()
    Path(attachment.file.path).unlink()
    call_command("backup", str(tmp_path / "partial.tar.gz"))
    assert f"A row names {attachment.file.name}, which is not on disk." in (
        capsys.readouterr().err
    )
    with tarfile.open(tmp_path / "partial.tar.gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["missing_files"] == [attachment.file.name]
    assert manifest["files"] == {}
