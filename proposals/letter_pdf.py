"""A decision letter as a PDF, in Persian or English.

Drawn with fpdf2, whose text shaping (HarfBuzz, through uharfbuzz) joins
Persian letters and orders a line right to left, with the Vazirmatn font
vendored under ``static/vendor/vazirmatn/``. Persian letters carry Jalali
dates and Persian digits, English ones Gregorian dates and ASCII digits.
Everything printed comes from the letter's own fields, so a letter drawn
again years later reads as the one that was sent.
"""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.bidi import BidiParagraph, auto_detect_base_direction
from fpdf.enums import TextDirection

from core.jalali import format_date
from core.l10n import format_number, isolate_ltr
from proposals.models import DecisionLetter
from proposals.workflow import REJECTION_REASONS

FONT_DIR = settings.BASE_DIR / "static" / "vendor" / "vazirmatn"
FONT = "Vazirmatn"
LINE = 7  # millimetres a line of body text takes
QR_SIZE = 28  # millimetres


def verification_url(letter: DecisionLetter, language: str) -> str:
    with translation.override(language):
        path = reverse("letters:verify", args=[letter.verification_code])
    return settings.SITE_URL + path


def filename(letter: DecisionLetter, language: str) -> str:
    """``letter-1405-00012-fa.pdf``: ASCII only, safe in any header."""
    return f"letter-{letter.number.replace('/', '-')}-{language}.pdf"


class LetterPDF(FPDF):
    def __init__(self, language: str):
        super().__init__(format="A4")
        self.language = language
        self.rtl = language == "fa"
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(FONT_DIR / "Vazirmatn-Regular.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "Vazirmatn-Bold.ttf"))
        if self.rtl:
            self.set_text_shaping(
                use_shaping_engine=True, direction="rtl", script="arab", language="fas"
            )
        else:
            # No script named: a Persian title or name in an English letter
            # is shaped as Persian, the rest as Latin.
            self.set_text_shaping(use_shaping_engine=True, direction="ltr")

    @property
    def start(self) -> str:
        """Where a line starts: the right in Persian, the left in English."""
        return "R" if self.rtl else "L"

    def paragraph(self, text: str, *, size=11, style="", align=None, gap=1.5):
        self.set_font(FONT, style, size)
        self.multi_cell(
            0,
            LINE if size <= 12 else LINE + 2,
            text,
            align=align or self.start,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.ln(gap)

    def field(self, label: str, value: str):
        """``label: value`` as one paragraph, the label in bold."""
        self.set_font(FONT, "", 11)
        self.multi_cell(
            0,
            LINE,
            f"**{label}** {value}",
            align=self.start,
            markdown=True,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.ln(1)

    def rule(self):
        self.ln(1)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)


# fpdf2's bidirectional ordering reverses "۱۴۰۵-۰۰۰۰۱" in a right-to-left
# line, though not inside left-to-right isolates: every number and reference
# goes through ``isolate_ltr``.


def _in(letter_text: str, english: str, language: str) -> str:
    return english if language == "en" and english else letter_text


def isolate(text: str) -> str:
    """People's text set apart (first-strong isolate), so that a Persian
    title in an English line, or a Latin name in a Persian one, keeps its
    own order and leaves the label's colon where it belongs."""
    return f"\u2068{text}\u2069" if text else text


def isolate_name(text: str, language: str) -> str:
    """A short Persian text (a title, a name) set apart in an English line,
    its Latin digits in their place.

    fpdf2 orders a line's directional runs for the paragraph's direction
    only: inside a right-to-left isolate in a left-to-right line, the
    runs around a number ("طرح 25 خانوار") keep their logical order, so the
    number lands on the wrong side of its words. Here the runs are given in
    visual order, each isolated, and fpdf2 only shapes each one. A text that
    wraps onto a second line would have its lines swapped, so this is for
    one-line texts; longer ones go through :func:`isolate`.
    """
    if not text or language == "fa":
        return isolate(text)
    if auto_detect_base_direction(text) != TextDirection.RTL:
        return isolate(text)
    runs = BidiParagraph(text, base_direction=TextDirection.RTL).get_bidi_fragments()
    return "".join(isolate(run) for run, _direction in reversed(runs))


def body(letter: DecisionLetter, language: str) -> str:
    """What the letter tells the NGO, by kind, in the active language."""
    Kind = DecisionLetter.Kind
    if letter.kind == Kind.APPROVED:
        return _(
            "We are pleased to inform you that the working group has approved "
            "the proposal above for support."
        )
    if letter.kind == Kind.REJECTED:
        return _(
            "After review, the working group has decided not to support the "
            "proposal above."
        )
    if letter.kind == Kind.CHANGES_REQUESTED:
        return _(
            "The working group asks your NGO to revise the proposal above as "
            "explained below and to send it again from your proposal's page."
        )
    return _(
        "The working group has withdrawn the proposal above from review, for "
        "the reason given below."
    )


def render(letter: DecisionLetter, language: str | None = None) -> bytes:
    """The letter as PDF bytes, in ``language`` (default: the letter's)."""
    language = language or letter.language
    with translation.override(language):
        return _draw(letter, language)


def _draw(letter: DecisionLetter, language: str) -> bytes:
    pdf = LetterPDF(language)
    pdf.set_title(_("Decision letter %(number)s") % {"number": letter.number})
    pdf.set_creation_date(letter.issued_at)
    pdf.set_creator("workgroup")
    pdf.add_page()

    url = verification_url(letter, language)
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=6, border=1)
    qr.seek(0)
    top = pdf.get_y()
    # The code sits at the end of the heading's lines: left in Persian.
    qr_x = pdf.l_margin if pdf.rtl else pdf.w - pdf.r_margin - QR_SIZE
    pdf.image(qr, x=qr_x, y=top, w=QR_SIZE, h=QR_SIZE)

    # The heading beside the code.
    text_margin = QR_SIZE + 4
    if pdf.rtl:
        pdf.set_left_margin(pdf.l_margin + text_margin)
    else:
        pdf.set_right_margin(pdf.r_margin + text_margin)
    pdf.set_x(pdf.l_margin)
    pdf.paragraph(_("Ministry of Interior · Social Affairs Organization"), size=10)
    pdf.paragraph(
        _("Specialist working group with NGOs serving female-headed households"),
        size=10,
        gap=3,
    )
    pdf.field(_("Letter number:"), isolate_ltr(letter.number, language))
    pdf.field(_("Date:"), format_date(letter.issued_at, language=language))
    if letter.supersedes_id:
        old = letter.supersedes
        pdf.field(
            _("Corrects letter:"),
            _("%(number)s of %(date)s")
            % {
                "number": isolate_ltr(old.number, language),
                "date": format_date(old.issued_at, weekday=False, language=language),
            },
        )
    if pdf.rtl:
        pdf.set_left_margin(pdf.l_margin - text_margin)
    else:
        pdf.set_right_margin(pdf.r_margin - text_margin)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE + 2))
    pdf.rule()

    pdf.paragraph(
        _("Decision letter: %(kind)s")
        % {"kind": DecisionLetter.Kind(letter.kind).label},
        size=15,
        style="B",
        align="C",
        gap=3,
    )
    ngo = isolate_name(_in(letter.ngo_name, letter.ngo_name_en, language), language)
    pdf.field(_("To:"), ngo)
    pdf.field(
        _("Proposal:"),
        _("%(title)s, reference %(reference)s")
        % {
            "title": isolate_name(letter.title, language),
            "reference": isolate_ltr(letter.reference, language),
        },
    )
    pdf.field(
        _("Call:"),
        isolate_name(_in(letter.call_title, letter.call_title_en, language), language),
    )
    pdf.ln(2)
    pdf.paragraph(_("Greetings,"))
    pdf.paragraph(body(letter, language), gap=3)

    if letter.reason_code in REJECTION_REASONS:
        pdf.field(_("Reason:"), str(REJECTION_REASONS[letter.reason_code]))
    if letter.reason:
        label = (
            _("Changes asked for:")
            if letter.kind == DecisionLetter.Kind.CHANGES_REQUESTED
            else _("Explanation:")
        )
        pdf.field(label, isolate(letter.reason))
    if letter.approved_amount is not None:
        pdf.field(
            _("Approved amount:"),
            _("%(amount)s rials")
            % {"amount": format_number(letter.approved_amount, language)},
        )
    if letter.meeting_title:
        pdf.field(
            _("Approved by:"),
            _("decision %(number)s of the meeting %(meeting)s of %(date)s")
            % {
                "number": format_number(letter.meeting_decision, language),
                "meeting": isolate_name(letter.meeting_title, language),
                "date": format_date(
                    letter.meeting_date, weekday=False, language=language
                ),
            },
        )
    if letter.kind == DecisionLetter.Kind.APPROVED:
        pdf.field(
            _("Conditions:"),
            isolate(letter.conditions)
            or _(
                "The Social Affairs Organization will agree the terms of "
                "support and the start of the work with your NGO."
            ),
        )
    if letter.objection_due:
        pdf.field(
            _("Objection:"),
            _(
                "Your NGO may object to this decision within %(days)s days, "
                "by %(date)s, in writing to the secretariat of the working "
                "group (see the contact page of the site), giving this "
                "letter's number and the grounds of the objection."
            )
            % {
                "days": format_number(
                    (letter.objection_due - timezone.localdate(letter.issued_at)).days,
                    language,
                ),
                "date": format_date(
                    letter.objection_due, weekday=False, language=language
                ),
            },
        )
    if letter.correction_reason:
        pdf.field(_("What this correction changes:"), isolate(letter.correction_reason))

    pdf.ln(6)
    pdf.paragraph(letter.decider_name, style="B", gap=0.5)
    pdf.paragraph(
        _in(letter.decider_position, letter.decider_position_en, language),
        size=10,
        gap=6,
    )

    pdf.rule()
    pdf.paragraph(
        _(
            "Check that this letter is genuine at the address below, or with "
            "the QR code at its top; its verification code:"
        ),
        size=9,
        gap=0.5,
    )
    # The code and the address are read left to right in either language.
    pdf.set_text_shaping(use_shaping_engine=True, direction="ltr", script="latn")
    pdf.paragraph(letter.verification_code, size=9, align=pdf.start, gap=0.5)
    pdf.paragraph(url, size=9, align=pdf.start)
    return bytes(pdf.output())
