from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.forms import linked_to_contact
from core.l10n import isolate_ltr
from core.pagination import PaginationMixin, keep_count, paginate
from core.transitions import NGO, TransitionError
from ngos import reference
from ngos.forms import provinces_in_language_order
from ngos.models import NGO as NGOModel
from proposals import drafts, letter_pdf, services, supported
from proposals.calls import envelope_use
from proposals.forms import SUBMIT, AttachmentForm, ProposalForm, ResubmitForm
from proposals.models import (
    SUPPORTED_ORDER,
    Attachment,
    Call,
    DecisionLetter,
    Proposal,
    ProposalEvent,
    time_left,
)
from proposals.workflow import PROPOSAL_MOVES, Status


def _viewer_ngo_id(request) -> int:
    """The NGO whose proposals this user may see; anyone else gets 404."""
    representative = getattr(request.user, "representative", None)
    if representative is None or not representative.may_read:
        raise Http404
    return representative.ngo_id


def _own_proposal(request, pk) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("ngo"), pk=pk, ngo_id=_viewer_ngo_id(request)
    )


def _cannot_act_reason(user) -> str:
    """Why a signed-in user cannot send proposals, and what to do."""
    if user.is_staff:
        return gettext(
            "Ministry staff review proposals in the admin; only NGO "
            "representatives send them here."
        )
    representative = getattr(user, "representative", None)
    if representative is None:
        return gettext(
            "Only representatives of registered NGOs send proposals. Register "
            "your NGO first; once the registry office verifies it, you can "
            "send proposals."
        )
    if representative.ngo.status != "verified":
        return gettext(
            "Your NGO is %(status)s. Proposals can be sent once the registry "
            "office has verified it."
        ) % {"status": representative.ngo.get_status_display()}
    if not representative.is_approved:
        return gettext(
            "Your account as the NGO's representative awaits the registry "
            "office's approval."
        )
    return linked_to_contact(
        _(
            'Your account is not active; <a href="%(url)s">contact the '
            "registry office</a>."
        )
    )


@login_required
def proposal_list(request):
    representative = getattr(request.user, "representative", None)
    can_act = services.acting_representative(request.user) is not None
    if representative is None or not representative.may_read:
        return render(
            request,
            "proposals/proposal_list.html",
            {"reason": _cannot_act_reason(request.user), "page_obj": None},
        )
    proposals = Proposal.objects.of_ngo(representative.ngo_id).order_by(
        "-updated_at", "-pk"
    )
    status = request.GET.get("status", "")
    if status in Status.values:
        proposals = proposals.filter(status=status)
    else:
        status = ""
    counts = dict(
        Proposal.objects.of_ngo(representative.ngo_id)
        .values_list("status")
        # COUNT(*), which the (ngo, status) index answers alone.
        .annotate(n=Count("*"))
        .values_list("status", "n")
    )
    page = paginate(request, proposals)
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "page_obj": page,
            "proposals": page.object_list,
            "ngo": representative.ngo,
            "can_act": can_act,
            "reason": "" if can_act else _cannot_act_reason(request.user),
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in Status],
            "selected_status": status,
            "total": sum(counts.values()),
        },
    )


def _done_message(event: ProposalEvent, proposal: Proposal) -> str:
    """What the representative is told once a move is made: the table's words."""
    move = PROPOSAL_MOVES.find(event.from_status, event.to_status)
    return str(move.done) % {"reference": isolate_ltr(proposal.reference or "")}


def _form_intent(request) -> str:
    return SUBMIT if SUBMIT in request.POST else "save_draft"


def _save_and_maybe_submit(request, form):
    try:
        proposal = drafts.save_proposal(form=form, actor=request.user)
    except TransitionError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(form.instance.get_absolute_url())
    if form.intent != SUBMIT:
        messages.success(request, gettext("Draft saved."))
        return redirect(proposal.get_absolute_url())
    # A submission cannot be undone: the form's "Submit" saves, then asks
    # on the same confirmation page as the proposal's own "Submit" button.
    messages.info(
        request,
        gettext("Your changes are saved. Confirm below to send the proposal."),
    )
    return redirect("proposals:submit", proposal.pk)


@login_required
def proposal_create(request):
    representative = services.acting_representative(request.user)
    if representative is None:
        messages.info(request, _cannot_act_reason(request.user))
        return redirect("proposals:list")
    # The call's "apply" button comes here with ?call=<pk>.
    asked = request.GET.get("call", "")
    call = (
        Call.objects.filter(pk=int(asked)).first()
        if asked.isdigit() and len(asked) < 12
        else None
    )
    form = ProposalForm(
        request.POST or None,
        intent=_form_intent(request),
        ngo=representative.ngo,
        call=call,
    )
    if request.method == "POST" and form.is_valid():
        return _save_and_maybe_submit(request, form)
    return render(
        request, "proposals/proposal_form.html", {"form": form, "proposal": None}
    )


@login_required
def proposal_update(request, pk):
    proposal = _own_proposal(request, pk)
    if not proposal.is_editable or services.acting_representative(request.user) is None:
        messages.info(
            request,
            gettext("This proposal cannot be edited now: it is %(status)s.")
            % {"status": proposal.get_status_display()},
        )
        return redirect(proposal.get_absolute_url())
    form = ProposalForm(
        request.POST or None,
        instance=proposal,
        intent=_form_intent(request),
        ngo=proposal.ngo,
    )
    if request.method == "POST" and form.is_valid():
        return _save_and_maybe_submit(request, form)
    return render(
        request,
        "proposals/proposal_form.html",
        {
            "form": form,
            "proposal": proposal,
            "changes_request": services.changes_request(proposal),
        },
    )


@login_required
def proposal_detail(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("ngo", "call").prefetch_related(
            "provinces",
            "focus_areas",
            # A removed file stays on the record for staff, not in the NGO's list.
            Prefetch(
                "attachments", queryset=Attachment.objects.filter(removed_at=None)
            ),
            Prefetch(
                "events",
                queryset=ProposalEvent.objects.filter(
                    visibility=ProposalEvent.Visibility.NGO
                ).select_related("actor"),
                to_attr="public_events",
            ),
            Prefetch(
                "letters",
                queryset=DecisionLetter.objects.select_related("superseded_by"),
            ),
        ),
        pk=pk,
        ngo_id=_viewer_ngo_id(request),
    )
    # Each decision in the timeline links to the letter it issued.
    letters = list(proposal.letters.all())
    by_event = {letter.event_id: letter for letter in letters if letter.event_id}
    for event in proposal.public_events:
        event.letter = by_event.get(event.pk)
    can_act = services.acting_representative(request.user) is not None
    # The NGO's moves from here, by where they lead: one page for each.
    moves = {}
    if can_act:
        available = PROPOSAL_MOVES.available(proposal.status, request.user, side=NGO)
        moves = {move.target: move for move in available}
    # The reviewers' request stands at the top while it awaits the revision
    # (read from the prefetched history: no query of its own).
    changes_request = None
    if proposal.status == Status.CHANGES_REQUESTED:
        changes_request = next(
            (
                event
                for event in reversed(proposal.public_events)
                if event.kind == ProposalEvent.Kind.STATUS
                and event.to_status == Status.CHANGES_REQUESTED
            ),
            None,
        )
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "call_closed_for_draft": proposal.status == Status.DRAFT
            and proposal.call.has_closed(),
            "changes_request": changes_request,
            "events": proposal.public_events,
            "letters": letters,
            "can_act": can_act,
            "can_edit": can_act and proposal.is_editable,
            "submit_move": moves.get(Status.SUBMITTED),
            "withdraw_move": moves.get(Status.WITHDRAWN),
            "attachment_form": AttachmentForm()
            if can_act and proposal.is_editable
            else None,
            "missing": [
                Proposal._meta.get_field(name).verbose_name
                for name in services.missing_for_submission(proposal)
            ]
            if proposal.is_editable
            else [],
        },
    )


def _confirmed_move(request, pk, to_status, template):
    """The NGO's move of its proposal to ``to_status``, whichever of the
    table's moves leads there from its status now (withdrawing a draft, a
    submitted proposal or one with changes requested).

    GET shows what will happen and changes nothing; POST makes the move.
    """
    proposal = _own_proposal(request, pk)
    if request.method == "POST":
        try:
            event = services.transition(
                proposal=proposal, to_status=to_status, actor=request.user
            )
        except TransitionError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            messages.error(request, _cannot_act_reason(request.user))
        else:
            messages.success(request, _done_message(event, proposal))
        return redirect(proposal.get_absolute_url())
    move = PROPOSAL_MOVES.find(proposal.status, to_status, side=NGO)
    return render(
        request,
        template,
        {
            "proposal": proposal,
            "missing": [
                Proposal._meta.get_field(name).verbose_name
                for name in services.missing_for_submission(proposal)
            ],
            "move": move if move is not None and move.side == NGO else None,
        },
    )


@login_required
def proposal_submit(request, pk):
    """Submit, or submit again: GET asks and changes nothing, POST sends.

    Sending again after a request for changes asks what the NGO changed (it
    goes into the history) and is refused when nothing changed, unless the
    NGO ticks "send it unchanged"; what was typed stays on the page.
    """
    proposal = _own_proposal(request, pk)
    move = PROPOSAL_MOVES.find(proposal.status, Status.SUBMITTED, side=NGO)
    form = None
    if move is not None and move.action == "resubmit":
        form = ResubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (form is None or form.is_valid()):
        said = form.cleaned_data if form is not None else {}
        try:
            event = services.transition(
                proposal=proposal,
                to_status=Status.SUBMITTED,
                actor=request.user,
                comment=said.get("changes", ""),
                send_unchanged=said.get("send_unchanged", False),
            )
        except TransitionError as error:
            if form is None or error.code not in ("unchanged", "reason_required"):
                messages.error(request, " ".join(error.messages))
                return redirect(proposal.get_absolute_url())
            form.add_error(None, error)
        except PermissionDenied:
            messages.error(request, _cannot_act_reason(request.user))
            return redirect(proposal.get_absolute_url())
        else:
            messages.success(request, _done_message(event, proposal))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/proposal_confirm_submit.html",
        {
            "proposal": proposal,
            "missing": [
                Proposal._meta.get_field(name).verbose_name
                for name in services.missing_for_submission(proposal)
            ],
            "move": move,
            "form": form,
            "changes_request": services.changes_request(proposal),
        },
    )


@login_required
def proposal_withdraw(request, pk):
    return _confirmed_move(
        request, pk, Status.WITHDRAWN, "proposals/proposal_confirm_withdraw.html"
    )


@login_required
@require_POST
def attachment_add(request, pk):
    proposal = _own_proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(proposal.get_absolute_url())
    try:
        attachment = drafts.add_attachment(
            proposal=proposal, uploaded=form.cleaned_data["file"], actor=request.user
        )
    except ValidationError as error:  # a TransitionError or a refused file
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _cannot_act_reason(request.user))
    else:
        messages.success(
            request, gettext("%(name)s attached.") % {"name": attachment.original_name}
        )
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    proposal = _own_proposal(request, pk)
    attachment = get_object_or_404(
        Attachment, pk=attachment_pk, proposal=proposal, removed_at=None
    )
    try:
        drafts.remove_attachment(attachment=attachment, actor=request.user)
    except TransitionError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _cannot_act_reason(request.user))
    else:
        messages.success(
            request, gettext("%(name)s removed.") % {"name": attachment.original_name}
        )
    return redirect(proposal.get_absolute_url())


@login_required
def attachment_download(request, pk, attachment_pk):
    """The file, to the owner NGO's representatives and to staff only."""
    if request.user.is_staff and request.user.has_perm("proposals.view_proposal"):
        # Staff read what NGOs have sent, not their unsent drafts.
        attachment = get_object_or_404(
            Attachment,
            pk=attachment_pk,
            proposal_id=pk,
            proposal__in=Proposal.objects.seen_by_staff(),
        )
    else:
        attachment = get_object_or_404(
            Attachment,
            pk=attachment_pk,
            proposal_id=pk,
            proposal__ngo_id=_viewer_ngo_id(request),
            removed_at=None,
        )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter_download(request, pk, letter_pk):
    """A decision letter as a PDF, to the owner NGO's representatives and to
    staff only; in the letter's language, or the other with ``?lang=``."""
    if request.user.is_staff and request.user.has_perm("proposals.view_proposal"):
        proposals = Proposal.objects.seen_by_staff()
    else:
        proposals = Proposal.objects.filter(ngo_id=_viewer_ngo_id(request))
    letter = get_object_or_404(
        DecisionLetter.objects.select_related("supersedes"),
        pk=letter_pk,
        proposal_id=pk,
        proposal__in=proposals,
    )
    language = request.GET.get("lang")
    if language not in LETTER_LANGUAGES:
        language = letter.language
    response = HttpResponse(
        letter_pdf.render(letter, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{letter_pdf.filename(letter, language)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


LETTER_LANGUAGES = ("fa", "en")


def letter_verify(request, code):
    """Whether a decision letter is genuine: its number, date, NGO and
    decision, and whether a later letter corrects it. Nothing private: not
    the explanation, the conditions, the amount or who decided."""
    letter = get_object_or_404(
        DecisionLetter.objects.select_related("superseded_by", "supersedes"),
        verification_code=code,
    )
    superseded_by = getattr(letter, "superseded_by", None)
    return render(
        request,
        "proposals/letter_verify.html",
        {"letter": letter, "superseded_by": superseded_by},
    )


# What a supported proposal's card shows (``supported_card``), and its
# NGO as a link; ``status`` for ``get_public_url`` where no app gives the
# proposal a page. Read with ``only()``: the other columns of a proposal
# (its dates, money asked, contact, moves) were a third of the list's query.
SUPPORTED_CARD_FIELDS = (
    "title",
    "reference",
    "status",
    "decided_at",
    "summary",
    "approved_amount",
    "budget_rials",
    *(f"ngo__{field}" for field in NGOModel.LINK_FIELDS),
)


class SupportedListView(PaginationMixin, ListView):
    """The public list of approved proposals."""

    template_name = "proposals/supported_list.html"
    context_object_name = "proposals"

    def get(self, request, *args, **kwargs):
        self.provinces = provinces_in_language_order()
        self.focus_areas = reference.focus_areas()
        codes = {p.code for p in self.provinces}
        self.province = request.GET.get("province", "")
        self.province = self.province if self.province in codes else ""
        focus = request.GET.get("focus", "")
        self.focus = focus if focus in {f.code for f in self.focus_areas} else ""
        # One NGO's proposals (its profile links here); a value that names
        # no public NGO is ignored like any other bad filter.
        ngo = request.GET.get("ngo", "")
        self.ngo = (
            NGOModel.objects.public().filter(pk=int(ngo)).first()
            if ngo.isdigit() and len(ngo) < 10
            else None
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        proposals = (
            Proposal.objects.supported()
            .select_related("ngo")
            .only(*SUPPORTED_CARD_FIELDS)
            .order_by(*SUPPORTED_ORDER)
        )
        if self.province:
            proposals = proposals.filter(provinces__code=self.province)
        if self.focus:
            proposals = proposals.filter(focus_areas__code=self.focus)
        if self.ngo:
            proposals = proposals.filter(ngo=self.ngo)
        return proposals

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        if not (self.province or self.focus or self.ngo):
            # Every supported proposal: the count is kept (Paginator.count
            # is a cached property; this is its value).
            paginator.count = supported.supported_count()
            return paginator
        # Every visitor's count of the same filters is the same.
        ngo = self.ngo.pk if self.ngo else ""
        return keep_count(paginator, f"supported|{self.province}|{self.focus}|{ngo}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            provinces=self.provinces,
            focus_areas=self.focus_areas,
            selected_province=self.province,
            selected_focus=self.focus,
            selected_ngo=self.ngo,
        )
        cards = context["proposals"] = context["object_list"] = list(
            context["object_list"]
        )
        # Where and on what each works, from the reference lists.
        reference.attach(cards, "provinces")
        reference.attach(cards, "focus_areas", listed=self.focus_areas)
        supported.add_to_cards(cards)
        return context


def call_list(request):
    """The public list of calls: open ones first, then upcoming, then closed."""
    now = timezone.now()
    calls = Call.objects.order_by("closes_at", "pk")
    open_calls = list(calls.open_at(now).order_by("is_standing", "closes_at", "pk"))
    for call in open_calls:
        call.time_left = time_left(call, now)
    return render(
        request,
        "proposals/call_list.html",
        {
            "open_calls": open_calls,
            "upcoming_calls": calls.upcoming_at(now).order_by("opens_at", "pk"),
            "closed_calls": calls.closed_at(now)
            .annotate(
                received=Count(
                    "proposals", filter=Q(proposals__submitted_at__isnull=False)
                ),
                supported=Count(
                    "proposals", filter=Q(proposals__status=Status.APPROVED)
                ),
            )
            .order_by("-closes_at", "-pk"),
        },
    )


def call_detail(request, pk):
    """One call: what is asked, who may apply, until when, and how; once
    proposals answering it are supported, which."""
    call = get_object_or_404(
        Call.objects.select_related(
            "launched_at_meeting", "launched_by_decision"
        ).prefetch_related("focus_areas", "provinces"),
        pk=pk,
    )
    now = timezone.now()
    counts = None
    if call.has_closed(now):
        counts = call.proposals.aggregate(
            received=Count("pk", filter=Q(submitted_at__isnull=False)),
            supported=Count("pk", filter=Q(status=Status.APPROVED)),
        )
    return render(
        request,
        "proposals/call_detail.html",
        {
            "call": call,
            "is_open": call.is_open(now),
            "is_upcoming": call.opens_at > now,
            "time_left": time_left(call, now) if call.is_open(now) else "",
            "counts": counts,
            "supported": call.proposals.supported()
            .select_related("ngo")
            .order_by(*SUPPORTED_ORDER),
            "envelope": envelope_use(call) if call.envelope_rials else None,
            "launched_at_meeting": call.launched_at_meeting
            if call.launched_at_meeting and call.launched_at_meeting.is_public
            else None,
        },
    )
