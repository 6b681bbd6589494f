from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from delivery import services
from delivery.forms import MilestoneForm, ReportForm, reach_formset
from delivery.models import (
    Milestone,
    Plan,
    ProgressReport,
    Reach,
    ReportAttachment,
    progress,
)
from delivery.workflow import (
    AGREED_MILESTONES,
    EDITABLE_REPORTS,
    FOLLOW,
    ReportStatus,
)
from meetings.models import Meeting
from proposals.models import Proposal
from proposals.services import acting_representative


def _viewer_ngo_id(request) -> int:
    """The NGO whose plans this user may follow; anyone else gets 404."""
    representative = getattr(request.user, "representative", None)
    if representative is None or not representative.may_read:
        raise Http404
    return representative.ngo_id


def _own_plan(request, pk) -> Plan:
    proposal = get_object_or_404(
        Proposal.objects.supported().select_related("ngo"),
        pk=pk,
        ngo_id=_viewer_ngo_id(request),
    )
    plan = Plan.objects.filter(pk=proposal.pk).first()
    if plan is None:
        plan = Plan(proposal=proposal)
    plan.proposal = proposal
    return plan


def _check_can_act(request) -> None:
    if acting_representative(request.user) is None:
        raise PermissionDenied


# Public ----------------------------------------------------------------------


def plan_public(request, pk):
    """A supported plan's public page: what was approved and how it goes.

    Nothing private: milestones only once agreed with the working group,
    reports only once accepted and only their public summary and figures.
    """
    proposal = get_object_or_404(
        Proposal.objects.supported()
        .select_related("ngo", "call", "approved_in__meeting")
        .prefetch_related("provinces", "focus_areas"),
        pk=pk,
    )
    # The meeting decision that approved it, once the minutes that record
    # it are public: a draft's decisions are nobody's to read yet.
    approved_in = proposal.approved_in
    if approved_in is not None and not approved_in.meeting.has_public_minutes:
        approved_in = None
    plan = (
        Plan.objects.filter(pk=proposal.pk)
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(status__in=AGREED_MILESTONES),
            ),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.filter(
                    status=ReportStatus.ACCEPTED
                ).prefetch_related(
                    Prefetch("reach", queryset=Reach.objects.select_related("province"))
                ),
            ),
        )
        .first()
    )
    if plan is None:
        # Approved, nothing agreed yet: a plan in delivery all the same.
        plan, milestones, reports = Plan(proposal=proposal), [], []
    else:
        milestones, reports = list(plan.milestones.all()), list(plan.reports.all())
    by_province = {}
    for report in reports:
        report.households = sum(row.households for row in report.reach.all())
        for row in report.reach.all():
            empty = {"province": row.province, "households": 0, "children": 0}
            total = by_province.setdefault(row.province_id, empty)
            total["households"] += row.households
            total["children"] += row.children
    meeting = None
    if proposal.presented_at_meeting_id:
        meeting = (
            Meeting.objects.public().filter(pk=proposal.presented_at_meeting_id).first()
        )
    return render(
        request,
        "delivery/plan_public.html",
        {
            "proposal": proposal,
            "plan": plan,
            "milestones": milestones,
            "progress": progress(milestones),
            "reports": reports,
            "reach": sorted(by_province.values(), key=lambda r: -r["households"]),
            "households": sum(r["households"] for r in by_province.values()),
            "children": sum(r["children"] for r in by_province.values()),
            "meeting": meeting,
            "approved_in": approved_in,
        },
    )


# The NGO's pages ---------------------------------------------------------------


@login_required
def plan_manage(request, pk):
    """The NGO's own page of its plan: milestones, reports, what to do next."""
    plan = _own_plan(request, pk)
    saved = not plan._state.adding
    milestones = list(plan.milestones.all()) if saved else []
    reports = list(plan.reports.prefetch_related("attachments")) if saved else []
    can_act = acting_representative(request.user) is not None
    return render(
        request,
        "delivery/plan_manage.html",
        {
            "plan": plan,
            "proposal": plan.proposal,
            "milestones": milestones,
            "progress": progress(milestones),
            "reports": reports,
            "can_act": can_act and not plan.is_closed,
            "editable": EDITABLE_REPORTS,
        },
    )


@login_required
def milestone_create(request, pk):
    plan = _own_plan(request, pk)
    _check_can_act(request)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(
                plan=services.plan_for(plan.proposal),
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Milestone proposed; the working group will accept it."),
            )
            return redirect("delivery:manage", pk=plan.pk)
    return render(
        request,
        "delivery/milestone_form.html",
        {"form": form, "plan": plan, "proposal": plan.proposal},
    )


@login_required
def report_create(request, pk):
    plan = _own_plan(request, pk)
    _check_can_act(request)
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, request.FILES or None)
    reach = reach_formset(data=data, provinces=plan.proposal.provinces.all())
    if request.method == "POST" and form.is_valid() and reach.is_valid():
        cleaned = dict(form.cleaned_data)
        files = cleaned.pop("files")
        try:
            services.report_submit(
                plan=services.plan_for(plan.proposal),
                actor=request.user,
                reach=reach.rows(),
                files=files,
                **cleaned,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, gettext("Report sent to the working group. Thank you.")
            )
            return redirect("delivery:manage", pk=plan.pk)
    return render(
        request,
        "delivery/report_form.html",
        {"form": form, "reach": reach, "plan": plan, "proposal": plan.proposal},
    )


@login_required
def report_detail(request, pk, report_pk):
    """One of the NGO's reports; a returned one can be revised and sent again."""
    plan = _own_plan(request, pk)
    report = get_object_or_404(
        ProgressReport.objects.prefetch_related(
            "attachments",
            Prefetch("reach", queryset=Reach.objects.select_related("province")),
        ),
        pk=report_pk,
        plan_id=plan.proposal.pk,
    )
    revisable = (
        report.status in EDITABLE_REPORTS
        and not plan.is_closed
        and acting_representative(request.user) is not None
    )
    form = reach = None
    if revisable:
        data = request.POST if request.method == "POST" else None
        form = ReportForm(data, request.FILES or None, instance=report)
        reach = reach_formset(data=data, report=report)
        if request.method == "POST" and form.is_valid() and reach.is_valid():
            cleaned = dict(form.cleaned_data)
            files = cleaned.pop("files")
            try:
                services.report_revise(
                    report=report,
                    actor=request.user,
                    reach=reach.rows(),
                    files=files,
                    **cleaned,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Report sent again."))
                return redirect("delivery:manage", pk=plan.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "delivery/report_detail.html",
        {
            "plan": plan,
            "proposal": plan.proposal,
            "report": report,
            "form": form,
            "reach": reach,
        },
    )


@login_required
def attachment_download(request, pk, report_pk, attachment_pk):
    """A report's file, to the NGO's representatives and to staff who follow
    plans only."""
    if request.user.is_staff and request.user.has_perm(FOLLOW):
        attachment = get_object_or_404(
            ReportAttachment, pk=attachment_pk, report_id=report_pk, report__plan_id=pk
        )
    else:
        attachment = get_object_or_404(
            ReportAttachment,
            pk=attachment_pk,
            report_id=report_pk,
            report__plan_id=pk,
            report__plan__proposal__ngo_id=_viewer_ngo_id(request),
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
