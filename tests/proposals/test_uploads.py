import io
import zipfile

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
