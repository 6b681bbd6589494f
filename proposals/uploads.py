"""What an attachment may be: checked by name, size and content.

A file is accepted when its extension is on the list, its first bytes are
those of that format (a renamed program is refused), it is not also a file
of another kind (a PDF or image with a ZIP archive in it), and:

* for office files, the archive inside is a real document of that kind and
  small enough once unpacked, measured by unpacking it piece by piece rather
  than taken from the sizes it states (a zip bomb dressed as a DOCX is
  refused, even when its headers lie);
* for PDFs, it holds no active content: scripts, launch actions, embedded
  files, rich media, XFA forms (:mod:`proposals.pdfscan`).

The name the user gave is kept for the download, made safe; the file is
stored under a generated name.
"""

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core import archives
from core.l10n import isolate_ltr, join_list
from proposals import pdfscan

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_PROPOSAL = 10
# Limits on the archive inside DOCX, XLSX and ODT files; what they may
# unpack to is in core.archives.
MAX_ARCHIVE_MEMBERS = 2000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
PNG = "image/png"

CONTENT_TYPES = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".odt": ODT,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
}
EXTENSIONS = sorted({e.lstrip(".").upper() for e in CONTENT_TYPES})


def allowed_types() -> str:
    """The accepted types as a list in the active language.

    Each extension is isolated left to right: in a Persian sentence a run of
    Latin words and commas otherwise reads as one left-to-right phrase, so
    the list came out backwards («PNG ،JPG ... PDF»).
    """
    return join_list(isolate_ltr(extension) for extension in EXTENSIONS)


def attachment_help() -> str:
    return _("%(types)s; at most 10 MB each, 10 files") % {"types": allowed_types()}


_SIGNATURES = {
    PDF: (b"%PDF-",),
    DOCX: (b"PK\x03\x04",),
    XLSX: (b"PK\x03\x04",),
    ODT: (b"PK\x03\x04",),
    JPEG: (b"\xff\xd8\xff",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
}
_PDF_HEADER = b"%PDF-"
# A member every real document of the kind contains.
_ARCHIVE_MARKERS = {
    DOCX: "word/document.xml",
    XLSX: "xl/workbook.xml",
    ODT: "content.xml",
}

# Characters that must never reach a Content-Disposition header or a page:
# path separators, controls, and the bidi overrides that make "exe.pdf"
# display as "fdp.exe".
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    safe_name: str
    size: int
    sha256: str


def safe_filename(name: str) -> str:
    """The base name without directories, controls or direction overrides."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").split("/")[-1]
    # Keep the ZWNJ that Persian names need; drop every other invisible.
    name = "".join(
        char
        for char in name
        if char == "\u200c" or unicodedata.category(char) not in _UNSAFE_CATEGORIES
    )
    name = name.strip(" .")
    stem, suffix = PurePath(name).stem, PurePath(name).suffix
    return (stem[:150] or "file") + suffix.lower()[:10]


def check_file(uploaded) -> CheckedFile:
    """Validate an uploaded file; raise ValidationError saying what is wrong."""
    name = safe_filename(uploaded.name)
    extension = PurePath(name).suffix.lower()
    content_type = CONTENT_TYPES.get(extension)
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not an accepted type. Send one of: %(types)s."),
            code="extension",
            params={"name": name, "types": allowed_types()},
        )
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is 10 MB."),
            code="size",
            params={"name": name, "size": filesizeformat(uploaded.size)},
        )
    if uploaded.size == 0:
        raise ValidationError(
            _("%(name)s is empty."), code="empty", params={"name": name}
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    if not head.startswith(_SIGNATURES[content_type]):
        raise ValidationError(
            _(
                "%(name)s is not really a %(type)s file; "
                "its content is of another kind."
            ),
            code="signature",
            params={"name": name, "type": extension.lstrip(".").upper()},
        )
    if content_type in _ARCHIVE_MARKERS:
        _check_archive(uploaded, content_type, name)
    _check_one_type(uploaded, content_type, name)
    if content_type == PDF:
        _check_pdf(uploaded, name)
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type, name, uploaded.size, digest.hexdigest())


def _check_archive(uploaded, content_type: str, name: str) -> None:
    broken = ValidationError(
        _("%(name)s is damaged or is not a real %(type)s document."),
        code="archive",
        params={"name": name, "type": PurePath(name).suffix.lstrip(".").upper()},
    )
    bomb = ValidationError(
        _("%(name)s unpacks to far more than its size; it is refused."),
        code="archive_bomb",
        params={"name": name},
    )
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise bomb
        # What the members really unpack to, not what the archive states.
        archives.unpacked_size(uploaded, limit=archives.limit_for(uploaded.size))
        with zipfile.ZipFile(uploaded) as archive:
            names = {member.filename for member in members}
            if content_type == ODT:
                first = members[0] if members else None
                if (
                    first is None
                    or first.filename != "mimetype"
                    or archive.read(first).strip() != ODT.encode()
                ):
                    raise broken
    except archives.ArchiveTooLarge as error:
        raise bomb from error
    except (
        archives.BrokenArchive,
        zipfile.BadZipFile,
        OSError,
        ValueError,
        RuntimeError,
    ) as error:
        raise broken from error
    finally:
        uploaded.seek(0)
    if _ARCHIVE_MARKERS[content_type] not in names:
        raise broken


def _check_one_type(uploaded, content_type: str, name: str) -> None:
    """Refuse a file that is also a file of another kind (a polyglot).

    A ZIP archive is found by its end record, as archive programs find it,
    so a PDF or an image with an archive appended is refused; a PDF header is
    looked for where PDF readers look (anywhere in an image, the first 1 KB
    of an office file); and a PNG must end at its last chunk.
    """
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if content_type in _ARCHIVE_MARKERS:
        hidden = _PDF_HEADER in data[:1024]
    else:
        hidden = zipfile.is_zipfile(io.BytesIO(data)) or (
            content_type != PDF and _PDF_HEADER in data
        )
    if content_type == PNG and not hidden:
        end = _png_end(data)
        hidden = end is not None and end < len(data)
    if hidden:
        raise ValidationError(
            _(
                "%(name)s is not only a %(type)s file: another file is hidden "
                "in it. Save it again as a plain %(type)s and send the copy."
            ),
            code="polyglot",
            params={"name": name, "type": PurePath(name).suffix.lstrip(".").upper()},
        )


def _png_end(data: bytes) -> int | None:
    """Where a PNG's last chunk (IEND) ends, or None if it has none."""
    position = len(_SIGNATURES[PNG][0])
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return position
    return None


def _check_pdf(uploaded, name: str) -> None:
    """Refuse scripts, launch actions, embedded files, rich media, XFA forms."""
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    try:
        active = pdfscan.find_active_content(data)
    except pdfscan.Unreadable as error:
        raise ValidationError(
            _(
                "%(name)s keeps part of its content in a form that cannot be "
                "checked. Print it to a new PDF and send that copy."
            ),
            code="pdf_unchecked",
            params={"name": name},
        ) from error
    if active is not None:
        raise ValidationError(
            _(
                "%(name)s contains scripts, embedded files or other active "
                "content. Print it to a new PDF and send that copy."
            ),
            code="pdf_active",
            params={"name": name},
        )
