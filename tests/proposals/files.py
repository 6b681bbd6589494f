"""Real files of each accepted type, and hostile ones, made in memory."""

import io
import struct
import zipfile
import zlib
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", crc)


# One white pixel, chunk by chunk.
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">LLBBBBB", 1, 1, 8, 2, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
    + _png_chunk(b"IEND", b"")
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def pdf(*objects: bytes, catalog: bytes = b"") -> bytes:
    """A one-page PDF with ``catalog`` added to its catalog and ``objects``
    (numbered from 4) after its page, with a cross-reference table."""
    body = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(body, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(body) + 1,
        xref,
    )
    return bytes(out)


def pdf_stream(data: bytes, dictionary: bytes = b"") -> bytes:
    """A stream object's dictionary and data, its length stated."""
    head = b"<<" + dictionary + b"/Length %d>>stream\n" % len(data)
    return head + data + b"\nendstream"


def object_stream(*objects: bytes, first_number=10, compress=True) -> bytes:
    """An object stream (``/Type/ObjStm``) holding ``objects``."""
    offsets, content = [], b""
    for number, body in enumerate(objects, start=first_number):
        offsets.append(b"%d %d" % (number, len(content)))
        content += body + b"\n"
    index = b" ".join(offsets) + b"\n"
    data = index + content
    dictionary = b"/Type/ObjStm/N %d/First %d" % (len(objects), len(index))
    if compress:
        data = zlib.compress(data)
        dictionary += b"/Filter/FlateDecode"
    return pdf_stream(data, dictionary)


def _zip(members: dict, *, first=None, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        if first:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": "<w:document>سلام</w:document>",
        }
    )


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["بودجه", 1000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    return _zip(
        {"content.xml": "<office:document-content/>"},
        first=("mimetype", "application/vnd.oasis.opendocument.text"),
    )


def zip_bomb_docx() -> bytes:
    """A DOCX whose one member unpacks to 150 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/filler.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(150):
                member.write(chunk)
    return buffer.getvalue()


def _zeros_member(archive, name, megabytes):
    with archive.open(name, "w") as member:
        chunk = b"\x00" * (1024 * 1024)
        for _ in range(megabytes):
            member.write(chunk)


def lie_about_size(content: bytes, name: str, *, size: int, crc=None) -> bytes:
    """The archive with the unpacked size (and CRC) that ``name`` states
    changed in its local and its central header; its data left as it is."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        local = archive.getinfo(name).header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<L", data, local + 22, size)
    if crc is not None:
        struct.pack_into("<L", data, local + 14, crc)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        (name_length,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + name_length] == name.encode():
            struct.pack_into("<L", data, central + 24, size)
            if crc is not None:
                struct.pack_into("<L", data, central + 16, crc)
            return bytes(data)
        central = data.find(b"PK\x01\x02", central + 4)
    raise AssertionError(f"no central header for {name}")


@cache
def lying_zip_bomb_docx() -> bytes:
    """150 MB of zeros that the archive says are 1 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        _zeros_member(archive, "word/media/filler.bin", 150)
    return lie_about_size(buffer.getvalue(), "word/media/filler.bin", size=1024)


@cache
def lying_zip_bomb_docx_with_matching_crc() -> bytes:
    """As above, with the CRC of the first 1 KB: Python's own zipfile reads
    the member as a valid 1 KB file and stops there."""
    return lie_about_size(
        lying_zip_bomb_docx(),
        "word/media/filler.bin",
        size=1024,
        crc=zlib.crc32(b"\x00" * 1024),
    )


@cache
def lying_ratio_bomb_xlsx() -> bytes:
    """A 20 KB file that unpacks to 20 MB (1000 times), saying it is small."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        _zeros_member(archive, "xl/sharedStrings.xml", 20)
    return lie_about_size(buffer.getvalue(), "xl/sharedStrings.xml", size=2048)


@cache
def lying_zip_bomb_odt() -> bytes:
    """An ODT whose first member, the one read for its type, is the bomb."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _zeros_member(archive, "mimetype", 150)
        archive.writestr("content.xml", "<office:document-content/>")
    return lie_about_size(buffer.getvalue(), "mimetype", size=39)


def zip_of(members: dict, *, stored_first=None) -> bytes:
    """A ZIP of ``members``; ``stored_first`` (name, data) goes first, unpacked."""
    return _zip(members, first=stored_first)


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
