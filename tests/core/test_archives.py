import io
import zipfile

import pytest

from core import archives


def archive(members: dict, compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_an_honest_archive_measures_what_its_members_hold(compression):
    file = archive({"a.xml": "سلام" * 100, "b.bin": b"\x01" * 5000}, compression)
    assert archives.unpacked_size(file, limit=10**6) == 800 + 5000
    assert file.tell() == 0


def test_counting_stops_at_the_limit():
    file = archive({"zeros.bin": b"\x00" * 1_000_000})
    with pytest.raises(archives.ArchiveTooLarge):
        archives.unpacked_size(file, limit=1000)


def test_a_cut_archive_is_broken():
    content = archive({"zeros.bin": b"\x00" * 1_000_000}).getvalue()
    # The end (central directory) kept, the compressed data cut short.
    cut = content[:40] + content[-200:]
    with pytest.raises(archives.BrokenArchive):
        archives.unpacked_size(io.BytesIO(cut), limit=10**7)


def test_not_an_archive_is_broken():
    with pytest.raises(archives.BrokenArchive):
        archives.unpacked_size(io.BytesIO(b"%PDF-1.4 not a zip"), limit=10**7)


def test_the_limit_is_100_mb_or_200_times_the_size():
    assert archives.limit_for(1000) == 200_000
    assert archives.limit_for(10 * 1024 * 1024) == 100 * 1024 * 1024
