import io
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from proposals import uploads
from tests.proposals import files


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", files.PDF, uploads.PDF),
        ("طرح اجرایی.docx", files.docx(), uploads.DOCX),
        ("budget.XLSX", files.xlsx(), uploads.XLSX),
        ("letter.odt", files.odt(), uploads.ODT),
        ("photo.jpg", files.JPEG, uploads.JPEG),
        ("photo.jpeg", files.JPEG, uploads.JPEG),
        ("chart.png", files.PNG, uploads.PNG),
    ],
)
def test_accepted_files(name, content, content_type):
    checked = uploads.check_file(files.upload(name, content))
    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def refusal(name, content):
    with pytest.raises(ValidationError) as error:
        uploads.check_file(files.upload(name, content))
    return error.value.code


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("setup.exe", files.EXE, "extension"),
        ("script.js", b"alert(1)", "extension"),
        ("page.html", b"<script>", "extension"),
        ("no-extension", files.PDF, "extension"),
        ("invoice.pdf", files.EXE, "signature"),  # a renamed program
        ("photo.png", files.JPEG, "signature"),
        ("report.docx", files.PDF, "signature"),
        ("report.docx", files.xlsx(), "archive"),  # a zip, but not a DOCX
        ("report.odt", files.docx(), "archive"),
        ("empty.pdf", b"", "empty"),
        ("bomb.docx", files.zip_bomb_docx(), "archive_bomb"),
    ],
)
def test_refused_files(name, content, code):
    assert refusal(name, content) == code


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bomb.docx", files.lying_zip_bomb_docx()),
        ("bomb.docx", files.lying_zip_bomb_docx_with_matching_crc()),
        ("ratio.xlsx", files.lying_ratio_bomb_xlsx()),
        ("bomb.odt", files.lying_zip_bomb_odt()),
    ],
)
def test_an_archive_that_lies_about_its_sizes_is_measured_and_refused(name, content):
    # The headers claim a few kilobytes; what unpacks is counted instead.
    assert len(content) < uploads.MAX_BYTES
    with pytest.raises(ValidationError) as error:
        uploads.check_file(files.upload(name, content))
    assert error.value.code == "archive_bomb"
    assert error.value.messages == [
        str(_("%(name)s unpacks to far more than its size; it is refused."))
        % {"name": name}
    ]


def test_an_archive_whose_stated_size_differs_from_its_content_is_refused():
    honest = files.docx()
    lying = files.lie_about_size(honest, "word/document.xml", size=5)
    assert refusal("report.docx", lying) == "archive"


def test_a_member_packed_with_an_unusual_method_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_LZMA) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal("report.docx", buffer.getvalue()) == "archive"


def test_too_big_file_is_refused():
    content = files.PDF + b"0" * (uploads.MAX_BYTES + 1)
    assert refusal("big.pdf", content) == "size"


def test_refusal_messages_are_clear_and_persian():
    with pytest.raises(ValidationError) as error:
        uploads.check_file(files.upload("invoice.pdf", files.EXE))
    assert error.value.messages == [
        "«invoice.pdf» در واقع پرونده PDF نیست؛ محتوای آن از نوع دیگری است."
    ]


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("plan.pdf", "plan.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\طرح.PDF", "طرح.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override removed
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("طرح\u200cها.pdf", "طرح\u200cها.pdf"),  # ZWNJ kept
        ("...", "file"),
        ("x" * 300 + ".pdf", "x" * 150 + ".pdf"),
    ],
)
def test_safe_filename(given, safe):
    assert uploads.safe_filename(given) == safe


# Active content in PDFs ------------------------------------------------------

JS_ACTION = b"<</S/JavaScript/JS(app.alert(1))>>"
# Random bytes that happen to hold "/JS " and "/EF(": image data may.
BINARY_WITH_SHORT_NAMES = bytes(range(256)) * 4 + b"/JS \x00/EF(\xff" + bytes(500)


@pytest.mark.parametrize(
    "content",
    [
        files.pdf(catalog=b"/OpenAction" + JS_ACTION),
        files.pdf(JS_ACTION, catalog=b"/OpenAction 4 0 R"),
        files.pdf(b"<</Names[(a)5 0 R]>>", catalog=b"/Names<</JavaScript 4 0 R>>"),
        files.pdf(catalog=b"/AA<</WC<</S/JavaScript/JS 4 0 R>>>>"),
        files.pdf(catalog=b"/OpenAction<</S/Launch/F(cmd.exe)>>"),
        files.pdf(
            files.pdf_stream(b"MZ\x90\x00", b"/Type/EmbeddedFile"),
            catalog=b"/Names<</EmbeddedFiles<</Names[(a.exe)<</F(a.exe)/EF<</F 4 0 R>>>>]>>>>",
        ),
        files.pdf(b"<</Type/Annot/Subtype/RichMedia/Rect[0 0 9 9]>>"),
        files.pdf(catalog=b"/AcroForm<</Fields[]/XFA 4 0 R>>"),
        # The same names written with #xx escapes, as a reader decodes them.
        files.pdf(catalog=b"/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>"),
        files.pdf(catalog=b"/OpenAction<</S/#4a#61#76#61#53#63#72#69#70#74>>"),
        files.pdf(catalog=b"/OpenAction<</S/L#61unch/F(cmd.exe)>>"),
        # Hidden inside a compressed object stream.
        files.pdf(files.object_stream(JS_ACTION), catalog=b"/OpenAction 10 0 R"),
        files.pdf(
            files.object_stream(b"<</S/J#61vaScript/JS(x)>>"),
            catalog=b"/OpenAction 10 0 R",
        ),
        files.pdf(files.object_stream(b"<</JS(x)>>", compress=False)),
        # A stream whose stated length is wrong: what follows is read anyway.
        files.pdf(b"<</Length 3>>stream\n" + JS_ACTION + b"\nendstream"),
    ],
)
def test_a_pdf_with_active_content_is_refused(content):
    with pytest.raises(ValidationError) as error:
        uploads.check_file(files.upload("plan.pdf", content))
    assert error.value.code == "pdf_active"
    assert error.value.messages == [
        str(
            _(
                "%(name)s contains scripts, embedded files or other active "
                "content. Print it to a new PDF and send that copy."
            )
        )
        % {"name": "plan.pdf"}
    ]


@pytest.mark.parametrize(
    "dictionary",
    [
        b"/Type/ObjStm/N 1/First 5/Filter/ASCIIHexDecode",
        b"/Type/ObjStm/N 1/First 5/Filter[/ASCII85Decode/FlateDecode]",
        b"/Type/ObjStm/N 1/First 5/Filter/FlateDecode"
        b"/DecodeParms<</Predictor 12/Columns 4>>",
        b"/Type/ObjStm/N 1/First 5/Filter/FlateDecode",  # not really deflated
    ],
)
def test_a_pdf_whose_object_stream_cannot_be_read_is_refused(dictionary):
    content = files.pdf(files.pdf_stream(b"10 0 <</JS(x)>>", dictionary))
    assert refusal("plan.pdf", content) == "pdf_unchecked"


@pytest.mark.parametrize(
    "content",
    [
        files.PDF,
        files.pdf(catalog=b"/OpenAction[3 0 R/FitH null]"),
        files.pdf(files.pdf_stream(BINARY_WITH_SHORT_NAMES, b"/Subtype/Image")),
        files.pdf(files.pdf_stream(zlib.compress(BINARY_WITH_SHORT_NAMES))),
        files.pdf(files.object_stream(b"<</Type/Font/Subtype/Type1>>", b"[1 2 3]")),
        files.pdf(catalog=b"/URI<</Base(https://example.org/)>>"),
    ],
)
def test_an_ordinary_pdf_is_accepted(content):
    assert uploads.check_file(files.upload("plan.pdf", content)).content_type == (
        uploads.PDF
    )


# Files that are two types at once --------------------------------------------

ZIP = files.zip_of({"evil.js": "WScript.Echo(1)"})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", files.PDF + ZIP),  # a PDF that is also a ZIP
        ("photo.jpg", files.JPEG + ZIP),
        ("chart.png", files.PNG + ZIP),
        ("chart.png", files.PNG + b"<script>alert(1)</script>"),  # after its end
        # A JPEG with a PDF in a comment segment: PDF readers find it.
        (
            "photo.jpg",
            files.JPEG[:2] + b"\xff\xfe\x00\x40" + files.PDF[:62] + files.JPEG[2:],
        ),
        ("photo.jpg", files.JPEG + files.PDF),
        # A DOCX whose first member is a PDF: readers look for %PDF- that far.
        (
            "report.docx",
            files.zip_of(
                {
                    "[Content_Types].xml": "<Types/>",
                    "word/document.xml": "<w:document/>",
                },
                stored_first=("a.pdf", files.PDF),
            ),
        ),
    ],
)
def test_a_file_that_is_two_types_at_once_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        uploads.check_file(files.upload(name, content))
    assert error.value.code == "polyglot"
    kind = name.rpartition(".")[2].upper()
    assert error.value.messages == [
        str(
            _(
                "%(name)s is not only a %(type)s file: another file is hidden "
                "in it. Save it again as a plain %(type)s and send the copy."
            )
        )
        % {"name": name, "type": kind}
    ]


def test_the_accepted_types_read_in_order_in_a_persian_sentence():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from proposals.forms import AttachmentForm

    # Each extension is isolated left to right, the list joined the Persian way.
    with translation.override("fa"):
        expected = "، ".join(f"\u2066{ext}\u2069" for ext in uploads.EXTENSIONS)
        assert uploads.allowed_types() == expected
        assert str(AttachmentForm().fields["file"].help_text).startswith(expected)
        form = AttachmentForm(files={"file": SimpleUploadedFile("a.exe", b"MZ")})
        assert not form.is_valid()
        assert expected in form.errors["file"][0]
    with translation.override("en"):
        assert uploads.allowed_types().startswith("\u2066DOCX\u2069, \u2066JPEG\u2069")
