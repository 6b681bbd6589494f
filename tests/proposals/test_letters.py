"""Decision letters: issued with each decision, numbered, never changed, a
PDF in both languages, downloadable by their NGO and staff, checkable by
anyone; and the approved amount within the call's envelope."""

import io
import re
import threading
from pathlib import Path

import pypdfium2
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from core.history import HistoryIsAppendOnly
from core.jalali import jalali_year
from core.l10n import to_persian_digits
from core.transitions import TransitionError
from proposals import calls, letter_pdf, letters, services
from proposals.models import DecisionLetter, Proposal
from proposals.workflow import Status
from tests.factories import (
    CallFactory,
    DecisionFactory,
    MeetingFactory,
    ProposalFactory,
    score_enough,
)

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "letters"


def under_review(rep, **kwargs):
    proposal = ProposalFactory(ngo=rep.representative.ngo, created_by=rep, **kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW,
        submitted_at=timezone.now(),
        reference=f"{jalali_year(timezone.now())}-{proposal.pk:05d}",
    )
    proposal.refresh_from_db()
    score_enough(proposal)
    return proposal


def decide(proposal, to_status, actor, **kwargs):
    if to_status == Status.REJECTED:
        kwargs.setdefault("reason_code", "budget")
    kwargs.setdefault("comment", "توضیح تصمیم کارگروه")
    services.transition(proposal=proposal, to_status=to_status, actor=actor, **kwargs)
    proposal.refresh_from_db()
    return proposal.letters.get()


# Issued with the decision ------------------------------------------------------


@pytest.mark.parametrize(
    ("to_status", "kind"),
    [
        (Status.APPROVED, DecisionLetter.Kind.APPROVED),
        (Status.REJECTED, DecisionLetter.Kind.REJECTED),
        (Status.CHANGES_REQUESTED, DecisionLetter.Kind.CHANGES_REQUESTED),
        (Status.WITHDRAWN, DecisionLetter.Kind.WITHDRAWN),
    ],
)
def test_each_decision_issues_one_letter_in_its_transaction(
    rep_a, reviewer, to_status, kind
):
    proposal = under_review(rep_a)
    letter = decide(proposal, to_status, reviewer)
    year = jalali_year(timezone.now())
    assert letter.kind == kind
    assert re.fullmatch(rf"{year}/\d{{5}}", letter.number)
    assert letter.event.to_status == to_status
    assert letter.reason == "توضیح تصمیم کارگروه"
    assert letter.ngo_name == "سازمان الف"
    assert letter.reference == proposal.reference
    assert letter.decider_position == settings.DECISION_LETTER_POSITION
    assert len(letter.verification_code) == 24
    if kind == DecisionLetter.Kind.REJECTED:
        assert (letter.objection_due - timezone.localdate(letter.issued_at)).days == (
            letters.OBJECTION_DAYS
        )
    else:
        assert letter.objection_due is None


def test_starting_a_review_and_the_ngos_moves_issue_no_letter(rep_a, reviewer):
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep_a)
    services.transition(
        proposal=proposal, to_status=Status.UNDER_REVIEW, actor=reviewer
    )
    assert proposal.letters.count() == 0


def test_a_refused_decision_leaves_no_letter_and_no_number(rep_a, reviewer):
    proposal = under_review(rep_a)
    with pytest.raises(TransitionError):
        decide(proposal, Status.APPROVED, reviewer, approved_amount=10**15)
    assert DecisionLetter.objects.count() == 0
    letter = decide(proposal, Status.APPROVED, reviewer)
    assert letter.number.endswith("/00001")


def test_letters_are_numbered_in_sequence(rep_a, reviewer):
    first = decide(under_review(rep_a), Status.REJECTED, reviewer)
    second = decide(under_review(rep_a), Status.CHANGES_REQUESTED, reviewer)
    assert int(second.number.split("/")[1]) == int(first.number.split("/")[1]) + 1


def test_an_issued_letter_is_never_changed(rep_a, reviewer):
    letter = decide(under_review(rep_a), Status.REJECTED, reviewer)
    letter.reason = "دیگر"
    with pytest.raises(HistoryIsAppendOnly):
        letter.save()
    with pytest.raises(HistoryIsAppendOnly):
        DecisionLetter.objects.filter(pk=letter.pk).update(reason="دیگر")
    with pytest.raises(HistoryIsAppendOnly):
        letter.delete()


def test_a_correction_supersedes_the_letter_and_keeps_both(
    rep_a, reviewer, django_capture_on_commit_callbacks
):
    proposal = under_review(rep_a)
    old = decide(proposal, Status.APPROVED, reviewer, conditions="گزارش ماهانه")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = letters.correct_letter(
            letter=old,
            actor=reviewer,
            correction_reason="شرط گزارش فصلی است",
            conditions="گزارش فصلی",
        )
    assert new.supersedes == old
    assert new.number != old.number
    assert new.conditions == "گزارش فصلی"
    assert new.approved_amount == old.approved_amount
    old.refresh_from_db()
    assert old.conditions == "گزارش ماهانه"
    assert list(proposal.letters.order_by("pk")) == [old, new]
    assert letters.current_letter(proposal) == new
    comment = proposal.events.order_by("-pk").first()
    assert old.number in comment.comment and new.number in comment.comment
    (message,) = mail.outbox
    assert message.attachments[0][0] == letter_pdf.filename(new, "fa")
    with pytest.raises(TransitionError) as error:
        letters.correct_letter(letter=old, actor=reviewer, correction_reason="x")
    assert error.value.code == "superseded"


def test_a_correction_needs_its_reason(rep_a, reviewer):
    letter = decide(under_review(rep_a), Status.REJECTED, reviewer)
    with pytest.raises(TransitionError) as error:
        letters.correct_letter(letter=letter, actor=reviewer, correction_reason=" ")
    assert error.value.code == "reason"


def test_the_decision_mail_carries_the_letter_as_a_pdf(
    rep_a, reviewer, django_capture_on_commit_callbacks
):
    proposal = under_review(rep_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        letter = decide(proposal, Status.REJECTED, reviewer)
    (message,) = mail.outbox
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (letter_pdf.filename(letter, "fa"), "application/pdf")
    assert content.startswith(b"%PDF")
    assert letter.get_absolute_url() in message.body


# The approved amount and the envelope -------------------------------------------


def test_approval_records_the_amount_requested_by_default(rep_a, reviewer):
    letter = decide(under_review(rep_a), Status.APPROVED, reviewer)
    assert letter.proposal.approved_amount == 1_500_000_000
    assert letter.approved_amount == 1_500_000_000


def test_the_default_amount_stays_within_the_ceiling(rep_a, reviewer):
    call = CallFactory(ceiling_rials=1_000_000_000)
    proposal = under_review(rep_a, call=call)
    decide(proposal, Status.APPROVED, reviewer)
    assert proposal.approved_amount == 1_000_000_000


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (0, "amount_missing"),
        (1_500_000_001, "amount_over_request"),
    ],
)
def test_an_amount_out_of_bounds_is_refused(rep_a, reviewer, amount, code):
    proposal = under_review(rep_a)
    with pytest.raises(TransitionError) as error:
        decide(proposal, Status.APPROVED, reviewer, approved_amount=amount)
    assert error.value.code == code
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW


def test_an_amount_over_the_ceiling_is_refused(rep_a, reviewer):
    proposal = under_review(rep_a, call=CallFactory(ceiling_rials=1_000_000_000))
    with pytest.raises(TransitionError) as error:
        decide(proposal, Status.APPROVED, reviewer, approved_amount=1_200_000_000)
    assert error.value.code == "amount_over_ceiling"


def test_approving_past_the_envelope_is_refused_with_what_is_left(rep_a, reviewer):
    call = CallFactory(envelope_rials=2_000_000_000)
    decide(under_review(rep_a, call=call), Status.APPROVED, reviewer)
    second = under_review(rep_a, call=call)
    with pytest.raises(TransitionError) as error:
        decide(second, Status.APPROVED, reviewer)
    assert error.value.code == "envelope_overrun"
    assert "۵۰۰٬۰۰۰٬۰۰۰" in error.value.messages[0]
    decide(second, Status.APPROVED, reviewer, approved_amount=500_000_000)
    assert calls.envelope_use(call) == {"used": 2_000_000_000, "left": 0}


def test_the_admin_asks_for_the_amount_and_shows_the_refusal(client, rep_a, reviewer):
    call = CallFactory(envelope_rials=1_000_000_000)
    proposal = under_review(rep_a, call=call)
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_move", args=[proposal.pk, "approve"])
    response = client.post(
        url,
        {
            "apply": "1",
            "reason": "خوب",
            "approved_amount": "۱٬۲۰۰٬۰۰۰٬۰۰۰",
            "conditions": "",
        },
    )
    assert response.status_code == 200
    assert "۱٬۰۰۰٬۰۰۰٬۰۰۰" in response.content.decode()
    response = client.post(
        url,
        {
            "apply": "1",
            "reason": "خوب",
            "approved_amount": "۹۰۰٬۰۰۰٬۰۰۰",
            "conditions": "شرط",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.approved_amount == 900_000_000
    assert proposal.letters.get().conditions == "شرط"


def test_the_public_call_page_shows_the_envelope_used_and_left(client, rep_a, reviewer):
    call = CallFactory(envelope_rials=5_000_000_000)
    decide(under_review(rep_a, call=call), Status.APPROVED, reviewer)
    page = client.get(call.get_absolute_url()).content.decode()
    assert "۱٬۵۰۰٬۰۰۰٬۰۰۰" in page
    assert "۳٬۵۰۰٬۰۰۰٬۰۰۰" in page


# Downloads and the public check -------------------------------------------------


def test_the_ngo_downloads_its_letter_in_either_language(client, rep_a, reviewer):
    letter = decide(under_review(rep_a), Status.APPROVED, reviewer)
    client.force_login(rep_a)
    url = reverse("proposals:letter", args=[letter.proposal_id, letter.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert letter_pdf.filename(letter, "fa") in response["Content-Disposition"]
    english = client.get(url + "?lang=en")
    assert letter_pdf.filename(letter, "en") in english["Content-Disposition"]
    page = client.get(letter.proposal.get_absolute_url()).content.decode()
    assert url in page


def test_another_ngo_gets_404_for_a_letter(client, rep_a, rep_b, reviewer):
    letter = decide(under_review(rep_a), Status.REJECTED, reviewer)
    client.force_login(rep_b)
    url = reverse("proposals:letter", args=[letter.proposal_id, letter.pk])
    assert client.get(url).status_code == 404


def test_staff_download_letters_from_the_admin(client, rep_a, reviewer):
    letter = decide(under_review(rep_a), Status.REJECTED, reviewer)
    client.force_login(reviewer)
    page = client.get(
        reverse("admin:proposals_proposal_change", args=[letter.proposal_id])
    ).content.decode()
    url = reverse("proposals:letter", args=[letter.proposal_id, letter.pk])
    assert url in page
    assert client.get(url).status_code == 200


def test_the_check_page_confirms_without_anything_private(client, rep_a, reviewer):
    letter = decide(
        under_review(rep_a), Status.REJECTED, reviewer, comment="دلیل محرمانه"
    )
    page = client.get(letter.get_absolute_url()).content.decode()
    assert to_persian_digits(letter.number) in page
    assert "سازمان الف" in page
    assert str(letter.get_kind_display()) in page
    assert "دلیل محرمانه" not in page
    assert letter.title not in page
    assert client.get(reverse("letters:verify", args=["0" * 24])).status_code == 404


def test_the_check_page_says_when_a_letter_was_corrected(client, rep_a, reviewer):
    old = decide(under_review(rep_a), Status.REJECTED, reviewer)
    new = letters.correct_letter(letter=old, actor=reviewer, correction_reason="x")
    page = client.get(old.get_absolute_url()).content.decode()
    assert to_persian_digits(new.number) in page


# The PDF -------------------------------------------------------------------------


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def keep_page_one(pdf: bytes, name: str) -> None:
    """Page one as a PNG under artifacts/letters/, to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    document[0].render(scale=2).to_pil().save(ARTIFACTS / f"{name}.png")
    document.close()


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("kind", DecisionLetter.Kind.values)
def test_the_letter_pdf_of_each_kind_in_each_language(rep_a, reviewer, kind, language):
    proposal = under_review(rep_a)
    letter = decide(proposal, Status(kind), reviewer, conditions="گزارش فصلی")
    pdf = letter_pdf.render(letter, language)
    keep_page_one(pdf, f"{kind}-{language}")
    text = text_of(pdf)
    assert letter.verification_code in text
    if language == "en":
        assert letter.number in text
        assert letter.reference in text
        with translation.override("en"):
            label = str(DecisionLetter.Kind(kind).label)
        assert f"Decision letter: {label}" in text
    else:
        # Right-to-left lines come out in visual order: digits reversed.
        number = to_persian_digits(letter.number)
        assert number in text or number[::-1] in text
        year, sequence = to_persian_digits(letter.reference).split("-")
        assert (year in text or year[::-1] in text) and (
            sequence in text or sequence[::-1] in text
        )
        assert "نامه" in text
    if kind == "approved":
        assert ("1,500,000,000" if language == "en" else "۱٬۵۰۰٬۰۰۰٬۰۰۰"[::-1]) in (
            text if language == "en" else text + text[::-1]
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_approvals_at_once_never_overrun_the_envelope(migration_data):
    """Four approvals of 1.5 billion each at once, in an envelope of 4
    billion: two win, two are refused, the envelope holds; every letter has
    a number of its own."""
    from django.db import connection, connections

    from core import roles
    from tests.factories import RepresentativeFactory, StaffFactory

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    call = CallFactory(envelope_rials=4_000_000_000)
    proposals = []
    for _ in range(4):
        representative = RepresentativeFactory()
        proposals.append(under_review(representative.user, call=call))
    deciders = [StaffFactory(groups=[roles.REVIEWERS]) for _ in proposals]
    barrier = threading.Barrier(len(proposals))
    refusals, errors = [], []

    def approve(proposal, user):
        try:
            barrier.wait()
            services.transition(
                proposal=proposal, to_status=Status.APPROVED, actor=user, comment="x"
            )
        except TransitionError as error:
            refusals.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=pair)
        for pair in zip(proposals, deciders, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert refusals == ["envelope_overrun", "envelope_overrun"]
    assert calls.envelope_use(call) == {
        "used": 3_000_000_000,
        "left": 1_000_000_000,
    }
    numbers = list(DecisionLetter.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 2


def test_staff_correct_a_letter_from_the_admin(client, rep_a, reviewer):
    old = decide(under_review(rep_a), Status.REJECTED, reviewer)
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_correct_letter", args=[old.proposal_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"apply": "1", "correction_reason": "", "reason": "", "conditions": ""},
    )
    assert response.status_code == 200
    assert DecisionLetter.objects.count() == 1
    response = client.post(
        url,
        {
            "apply": "1",
            "correction_reason": "توضیح کامل شد",
            "reason": "توضیح کامل",
            "conditions": "",
        },
    )
    assert response.status_code == 302
    new = DecisionLetter.objects.get(supersedes=old)
    assert (new.reason, new.correction_reason) == ("توضیح کامل", "توضیح کامل شد")


def test_the_admin_shows_the_envelope_before_the_amount(client, rep_a, reviewer):
    call = CallFactory(envelope_rials=5_000_000_000)
    decide(under_review(rep_a, call=call), Status.APPROVED, reviewer)
    proposal = under_review(rep_a, call=call)
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_move", args=[proposal.pk, "approve"])
    response = client.get(url)
    envelope = response.context["envelope"]
    assert envelope == {
        "total": 5_000_000_000,
        "used": 1_500_000_000,
        "left": 3_500_000_000,
    }
    page = response.content.decode()
    start = page.index("decision-envelope")
    section = page[start : page.index("</section>", start)]
    for amount in ("۵٬۰۰۰٬۰۰۰٬۰۰۰", "۱٬۵۰۰٬۰۰۰٬۰۰۰", "۳٬۵۰۰٬۰۰۰٬۰۰۰"):
        assert amount in section


def test_a_rejection_shows_no_envelope(client, rep_a, reviewer):
    proposal = under_review(rep_a, call=CallFactory(envelope_rials=5_000_000_000))
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_move", args=[proposal.pk, "reject"])
    assert client.get(url).context["envelope"] is None


def test_the_approval_records_the_meeting_decision_and_its_letter_names_it(
    client, rep_a, reviewer
):
    meeting = MeetingFactory(title="جلسه هفتم کارگروه")
    decision = DecisionFactory(meeting=meeting, kind="decision", text="تصویب طرح")
    DecisionFactory(meeting=meeting, text="اقدام پیگیری")
    proposal = under_review(rep_a)
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_move", args=[proposal.pk, "approve"])
    choices = client.get(url).context["form"].fields["approved_in"].queryset
    # Decisions only, never action items.
    assert list(choices) == [decision]
    response = client.post(
        url, {"apply": "1", "reason": "خوب", "approved_in": decision.pk}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.approved_in == decision
    letter = proposal.letters.get()
    assert (letter.meeting_title, letter.meeting_decision) == (
        "جلسه هفتم کارگروه",
        decision.order,
    )
    text = text_of(letter_pdf.render(letter, "en"))
    assert f"decision {decision.order} of the meeting" in text
    assert "Approved by:" in text


def test_an_action_item_cannot_be_the_approving_decision(rep_a, reviewer):
    item = DecisionFactory(meeting=MeetingFactory(), text="اقدام")
    proposal = under_review(rep_a)
    with pytest.raises(TransitionError) as error:
        decide(proposal, Status.APPROVED, reviewer, approved_in=item)
    assert error.value.code == "not_a_decision"


def test_staff_set_the_approving_decision_after_the_approval(rep_a, reviewer):
    proposal = under_review(rep_a)
    decide(proposal, Status.APPROVED, reviewer)
    decision = DecisionFactory(meeting=MeetingFactory(), kind="decision", text="ت")
    services.proposal_set_approved_in(
        proposal=proposal, decision=decision, actor=reviewer
    )
    proposal.refresh_from_db()
    assert proposal.approved_in == decision
    # The letter already issued keeps what it said.
    assert proposal.letters.get().meeting_title == ""


def test_only_an_approved_proposal_gets_an_approving_decision(rep_a, reviewer):
    proposal = under_review(rep_a)
    decision = DecisionFactory(meeting=MeetingFactory(), kind="decision", text="ت")
    with pytest.raises(TransitionError) as error:
        services.proposal_set_approved_in(
            proposal=proposal, decision=decision, actor=reviewer
        )
    assert error.value.code == "not_approved"


def test_a_persian_title_keeps_its_latin_digits_in_place_in_english(rep_a, reviewer):
    proposal = under_review(rep_a, title="طرح 25 خانوار در 3 استان")
    letter = decide(proposal, Status.APPROVED, reviewer)
    pdf = letter_pdf.render(letter, "en")
    keep_page_one(pdf, "approved-en-title-with-digits")
    (line,) = [line for line in text_of(pdf).splitlines() if "Proposal:" in line]
    line = re.sub("[\u2066-\u2069]", "", line)
    # Left to right on the page, the title read right to left: each number
    # stays beside the words it follows in the title.
    places = [line.index(word) for word in ("استان", "3", "خانوار", "25", "طرح")]
    assert places == sorted(places)
    assert line.index("طرح") < line.index("reference")


def test_staff_record_the_meeting_decision_from_the_admin(client, rep_a, reviewer):
    proposal = under_review(rep_a)
    decide(proposal, Status.APPROVED, reviewer)
    decision = DecisionFactory(
        meeting=MeetingFactory(title="جلسه نهم"), kind="decision", text="تصویب"
    )
    client.force_login(reviewer)
    change = client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk]))
    url = reverse("admin:proposals_proposal_approved_in", args=[proposal.pk])
    assert url in change.content.decode()
    assert "جلسه نهم" in client.get(url).content.decode()
    response = client.post(url, {"apply": "1", "approved_in": decision.pk})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.approved_in == decision
    client.post(url, {"apply": "1", "approved_in": ""})
    proposal.refresh_from_db()
    assert proposal.approved_in is None


def test_the_meeting_decision_page_is_offered_for_approved_proposals_only(
    client, rep_a, reviewer
):
    proposal = under_review(rep_a)
    client.force_login(reviewer)
    change = client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk]))
    url = reverse("admin:proposals_proposal_approved_in", args=[proposal.pk])
    assert url not in change.content.decode()
    decision = DecisionFactory(meeting=MeetingFactory(), kind="decision", text="ت")
    response = client.post(url, {"apply": "1", "approved_in": decision.pk})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.approved_in is None


def test_staff_correct_the_letter_of_a_withdrawal_by_staff(client, rep_a, reviewer):
    old = decide(under_review(rep_a), Status.WITHDRAWN, reviewer)
    assert old.kind == DecisionLetter.Kind.WITHDRAWN
    client.force_login(reviewer)
    change = client.get(
        reverse("admin:proposals_proposal_change", args=[old.proposal_id])
    ).content.decode()
    url = reverse("admin:proposals_proposal_correct_letter", args=[old.proposal_id])
    assert f'href="{url}"' in change
    response = client.post(
        url,
        {
            "apply": "1",
            "correction_reason": "دلیل کامل شد",
            "reason": "طرح تکراری بود",
            "conditions": "",
        },
    )
    assert response.status_code == 302
    new = DecisionLetter.objects.get(supersedes=old)
    assert (new.kind, new.reason) == (DecisionLetter.Kind.WITHDRAWN, "طرح تکراری بود")


def test_a_withdrawal_by_the_ngo_has_no_letter_to_correct(client, rep_a, reviewer):
    proposal = under_review(rep_a)
    Proposal.objects.filter(pk=proposal.pk).update(status=Status.SUBMITTED)
    proposal.refresh_from_db()
    services.transition(proposal=proposal, to_status=Status.WITHDRAWN, actor=rep_a)
    assert proposal.status == Status.WITHDRAWN
    client.force_login(reviewer)
    change = client.get(
        reverse("admin:proposals_proposal_change", args=[proposal.pk])
    ).content.decode()
    url = reverse("admin:proposals_proposal_correct_letter", args=[proposal.pk])
    assert url not in change
    response = client.post(
        url, {"apply": "1", "correction_reason": "x", "reason": "", "conditions": ""}
    )
    assert response.status_code == 200
    assert not DecisionLetter.objects.exists()
