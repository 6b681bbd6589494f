"""Active content in a PDF: scripts, launch actions, embedded files.

A PDF is read here as a reader finds its objects, without a PDF library:

* the names of every object outside the streams' data, with ``#xx``
  escapes decoded (``/J#61vaScript`` is ``/JavaScript`` to a reader);
* the objects packed in object streams (``/Type/ObjStm``), inflated with
  a ceiling; one packed in a way that cannot be read cheaply (another
  filter, a predictor, a broken stream) is :class:`Unreadable`;
* the long names also inside every stream's raw data, where an object
  could hide at an offset the cross-reference table points to.

A stream's data is taken to end where its ``/Length`` says when the
``endstream`` keyword follows there; otherwise nothing is skipped, as a
reader that recovers a broken file would read on too. Short names (``/JS``,
``/EF``) are looked for outside streams only: any image's bytes may hold
them by chance.
"""

import re
import zlib

# Names that, in a PDF's objects, start a script, a program or a file.
ACTIVE_NAMES = frozenset(
    {
        b"JavaScript",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"FileAttachment",
        b"RichMedia",
        b"RichMediaContent",
        b"RichMediaExecute",
        b"XFA",
    }
)
SHORT_ACTIVE_NAMES = frozenset({b"JS", b"EF"})

# Inflating object streams stops here: real ones are a few hundred KB.
MAX_INFLATED_BYTES = 20 * 1024 * 1024

# A name: a slash and the regular characters after it (PDF 32000-1, 7.2.2).
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"(?<![A-Za-z])obj(?![A-Za-z])")
_LENGTH = re.compile(rb"/Length[\x00\t\n\x0c\r ]+(\d{1,10})(?:\s+(\d{1,5})\s+R)?")
_INTEGER_OBJECT = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\s*(\d{1,10})\s*endobj")
_END_STREAM = re.compile(rb"\s*endstream")
_FILTERS = frozenset(
    {
        b"ASCIIHexDecode",
        b"AHx",
        b"ASCII85Decode",
        b"A85",
        b"LZWDecode",
        b"LZW",
        b"FlateDecode",
        b"Fl",
        b"RunLengthDecode",
        b"RL",
        b"Crypt",
        b"JBIG2Decode",
        b"DCTDecode",
        b"DCT",
        b"JPXDecode",
        b"CCITTFaxDecode",
        b"CCF",
    }
)
_FLATE = frozenset({b"FlateDecode", b"Fl"})


class Unreadable(Exception):
    """Objects are packed in a way this scan cannot read."""


def names(data: bytes) -> set[bytes]:
    """Every name in ``data``, ``#xx`` escapes decoded, without the slash."""
    return {
        _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        for match in _NAME.finditer(data)
    }


def find_active_content(data: bytes) -> bytes | None:
    """The first active name found in the PDF ``data``, or None.

    Raises :class:`Unreadable` when an object stream cannot be checked.
    """
    outside, streams = _split(data)
    found = names(b"\n".join(outside)) & (ACTIVE_NAMES | SHORT_ACTIVE_NAMES)
    inflated = 0
    for dictionary, body in streams:
        found |= names(body) & ACTIVE_NAMES
        dictionary_names = names(dictionary)
        if b"ObjStm" not in dictionary_names:
            continue
        objects = _object_stream(dictionary_names, body, MAX_INFLATED_BYTES - inflated)
        inflated += len(objects)
        found |= names(objects) & (ACTIVE_NAMES | SHORT_ACTIVE_NAMES)
    return min(found) if found else None


def _split(data: bytes) -> tuple[list[bytes], list[tuple[bytes, bytes]]]:
    """The PDF's text outside stream data, and each stream's dictionary and
    data, for the streams whose data ends where their length says."""
    lengths = {
        (int(number), int(generation)): int(value)
        for number, generation, value in _INTEGER_OBJECT.findall(data)
    }
    outside, streams = [], []
    position = 0
    for match in _STREAM.finditer(data):
        if match.start() < position:
            continue  # inside the data of a stream already taken
        before = data[position : match.start()]
        objects = list(_OBJ.finditer(before))
        dictionary = before[objects[-1].end() :] if objects else before
        start = match.end()
        end = _stream_end(dictionary, data, start, lengths)
        if end is None:
            continue  # read on: what follows is scanned as objects
        outside.append(before)
        streams.append((dictionary, data[start:end]))
        position = end
    outside.append(data[position:])
    return outside, streams


def _stream_end(dictionary: bytes, data: bytes, start: int, lengths) -> int | None:
    """Where the stream's data ends, when its length and ``endstream`` agree."""
    found = _LENGTH.findall(dictionary)
    if not found:
        return None
    value, generation = found[-1]
    if generation:
        length = lengths.get((int(value), int(generation)))
        if length is None:
            return None
    else:
        length = int(value)
    end = start + length
    if end > len(data) or not _END_STREAM.match(data, end):
        return None
    return end


def _object_stream(dictionary_names: set[bytes], body: bytes, budget: int) -> bytes:
    """The objects packed in an object stream, as text."""
    filters = dictionary_names & _FILTERS
    if not filters:
        return body
    if budget <= 0:
        raise Unreadable("object streams larger than the ceiling")
    if filters - _FLATE or b"DecodeParms" in dictionary_names:
        raise Unreadable("object stream packed with another filter")
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(body, budget)
    except zlib.error as error:
        raise Unreadable("object stream cannot be inflated") from error
    if inflater.unconsumed_tail:
        raise Unreadable("object stream larger than the ceiling")
    return text
