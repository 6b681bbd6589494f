"""What a ZIP archive really unpacks to, measured without unpacking it.

DOCX, XLSX and ODT files are ZIP archives. The sizes an archive states
about its members are its own claim: a crafted file states a few kilobytes
and unpacks to gigabytes in the program that opens it. :func:`unpacked_size`
therefore ignores the stated sizes and inflates every member in small
pieces, counting the bytes and throwing them away, and stops as soon as the
count passes the limit. Nothing is written to disk or kept in memory
beyond one piece.
"""

import struct
import zipfile
import zlib

# The limits for office files: at most 100 MB unpacked and at most 200 times
# the file's own size, whichever is smaller.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200

_READ = 64 * 1024  # compressed bytes read at a time
_PIECE = 256 * 1024  # unpacked bytes produced at a time
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
# Office programs write only these two; others (LZMA, bzip2, Deflate64) are
# refused rather than trusted.
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ArchiveError(Exception):
    """The archive cannot be accepted; see the subclasses for why."""


class BrokenArchive(ArchiveError):
    """Not a readable archive, or its members are not what it states."""


class ArchiveTooLarge(ArchiveError):
    """The members unpack to more than the limit."""


def limit_for(size: int) -> int:
    """The unpacked bytes allowed for an archive of ``size`` bytes."""
    return min(MAX_UNPACKED_BYTES, MAX_RATIO * size)


def unpacked_size(file, *, limit: int) -> int:
    """Bytes that the members of the ZIP archive ``file`` really unpack to.

    Raises :class:`ArchiveTooLarge` as soon as the count passes ``limit``,
    and :class:`BrokenArchive` when the archive cannot be read or a member
    unpacks to another size or checksum than the archive states (a lying
    header), is encrypted, or is packed by a method office files do not use.
    ``file`` is a seekable binary file; it is left at its start.
    """
    total = 0
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
        for member in members:
            if member.flag_bits & 0x1:
                raise BrokenArchive(f"{member.filename}: encrypted")
            if member.compress_type not in _METHODS:
                raise BrokenArchive(f"{member.filename}: method {member.compress_type}")
            size, crc = 0, 0
            for piece in _member_pieces(file, member):
                size += len(piece)
                total += len(piece)
                if total > limit:
                    raise ArchiveTooLarge(f"more than {limit} bytes")
                crc = zlib.crc32(piece, crc)
            if size != member.file_size or crc != member.CRC:
                raise BrokenArchive(f"{member.filename}: not as stated")
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as error:
        raise BrokenArchive(str(error)) from error
    finally:
        file.seek(0)
    return total


def _member_pieces(file, member: zipfile.ZipInfo):
    """The member's unpacked bytes, piece by piece, read from its own data.

    The data starts after the member's local header; a deflated member ends
    where its compressed stream says it ends, whatever size is stated.
    """
    file.seek(member.header_offset)
    header = file.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise BrokenArchive(f"{member.filename}: truncated")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        raise BrokenArchive(f"{member.filename}: no local header")
    name_length, extra_length = fields[-2:]
    file.seek(name_length + extra_length, 1)
    if member.compress_type == zipfile.ZIP_STORED:
        left = member.compress_size
        while left:
            piece = file.read(min(_PIECE, left))
            if not piece:
                raise BrokenArchive(f"{member.filename}: truncated")
            left -= len(piece)
            yield piece
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    while not inflater.eof:
        data = inflater.unconsumed_tail or file.read(_READ)
        piece = inflater.decompress(data, _PIECE)
        if not data and not piece:
            raise BrokenArchive(f"{member.filename}: truncated")
        yield piece
