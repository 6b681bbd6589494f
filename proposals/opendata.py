"""Calls for proposals and supported plans as open data (see
:mod:`core.opendata`).

A proposal is public only once it is approved, and then only what the list of
supported proposals shows: its reference, title, NGO, call, provinces, focus
areas, the budget it asked for and when it was decided. Its text, files,
reviews, scores and history stay with the NGO and the staff. Registered from
``ProposalsConfig.ready()``.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.opendata import (
    CODES,
    DATE_TIME,
    INTEGER,
    TEXT,
    URL_PATH,
    Dataset,
    Field,
    moment,
)
from ngos.models import Province
from proposals import supported
from proposals.models import Call, Proposal

RIALS = _("integer (rials)")
YES_NO = _("true or false")

CALL_FIELDS = (
    Field("id", INTEGER, _("the call's number; its page is /calls/<id>/")),
    Field("title", TEXT, _("title in Persian")),
    Field("title_en", TEXT, _("title in English, if given")),
    Field("description", TEXT, _("what is asked, in Persian")),
    Field("description_en", TEXT, _("what is asked, in English")),
    Field("focus_areas", CODES, _("the focus areas it asks for; none: any")),
    Field("provinces", CODES, _("the provinces it asks for; none: the whole country")),
    Field("opens_at", DATE_TIME, _("when it starts taking proposals")),
    Field("closes_at", DATE_TIME, _("when it stops; empty for the standing call")),
    Field("ceiling_rials", RIALS, _("the most a proposal may ask for")),
    Field("envelope_rials", RIALS, _("the total the call may support")),
    Field(
        "only_matching_focus_areas",
        YES_NO,
        _("whether only NGOs working in its focus areas may answer"),
    ),
    Field(
        "only_matching_provinces",
        YES_NO,
        _("whether only NGOs working in its provinces may answer"),
    ),
    Field("is_standing", YES_NO, _("whether it is the standing call, never closing")),
    Field("supported", INTEGER, _("how many of its proposals were approved")),
    Field("url", URL_PATH, _("the call's page on this site")),
)

_ordered_provinces = Prefetch("provinces", queryset=Province.objects.order_by("code"))


def _calls():
    return Call.objects.all()


def _call_rows():
    calls = (
        _calls()
        .prefetch_related(
            "focus_areas",
            _ordered_provinces,
            Prefetch(
                "proposals",
                queryset=Proposal.objects.supported().only("pk", "call_id"),
                to_attr="supported_proposals",
            ),
        )
        .order_by("opens_at", "pk")
    )
    for call in calls.iterator(chunk_size=500):
        yield (
            call.pk,
            call.title,
            call.title_en,
            call.description,
            call.description_en,
            [area.code for area in call.focus_areas.all()],
            [province.code for province in call.provinces.all()],
            moment(call.opens_at),
            moment(call.closes_at),
            call.ceiling_rials,
            call.envelope_rials,
            call.only_matching_focus_areas,
            call.only_matching_provinces,
            call.is_standing,
            len(call.supported_proposals),
            call.get_absolute_url(),
        )


CALLS = Dataset(
    slug="calls",
    order=20,
    title=_("Calls for proposals"),
    description=_(
        "Every call for proposals: what it asks for, from when to when, its "
        "ceiling and envelope."
    ),
    fields=CALL_FIELDS,
    rows=_call_rows,
    count=lambda: _calls().count(),
)

PLAN_FIELDS = (
    Field("reference", TEXT, _("the proposal's reference (year-number)")),
    Field("title", TEXT, _("title")),
    Field("ngo_id", INTEGER, _("the NGO's number in the registry (dataset ngos)")),
    Field("ngo_name", TEXT, _("the NGO's name")),
    Field("call_id", INTEGER, _("the call it answered (dataset calls)")),
    Field("call_title", TEXT, _("that call's title in Persian")),
    Field("provinces", CODES, _("the provinces where the plan is carried out")),
    Field("focus_areas", CODES, _("the focus areas it works on")),
    Field("budget_requested_rials", RIALS, _("the budget the NGO asked for")),
    Field("decided_at", DATE_TIME, _("when it was approved")),
    Field(
        "approved_in_decision_id",
        INTEGER,
        _(
            "the meeting decision that approved it (dataset decisions); empty "
            "until that meeting's minutes are approved"
        ),
    ),
    Field(
        "approved_in_meeting_id",
        INTEGER,
        _("the meeting that took that decision (dataset meetings)"),
    ),
    Field("url", URL_PATH, _("the plan's public page on this site")),
)


def _supported():
    return Proposal.objects.supported()


def _plan_rows():
    plans = (
        _supported()
        .select_related("ngo", "call", "approved_in__meeting")
        .prefetch_related(_ordered_provinces, "focus_areas")
        .order_by("decided_at", "pk")
    )
    for plan in plans.iterator(chunk_size=500):
        decision = plan.approved_in
        if decision is not None and not decision.meeting.has_public_minutes:
            decision = None
        yield (
            plan.reference,
            plan.title,
            plan.ngo_id,
            plan.ngo.name,
            plan.call_id,
            plan.call.title,
            [province.code for province in plan.provinces.all()],
            [area.code for area in plan.focus_areas.all()],
            plan.budget_rials,
            moment(plan.decided_at),
            decision.pk if decision else None,
            decision.meeting_id if decision else None,
            supported.page_url(plan),
        )


SUPPORTED_PLANS = Dataset(
    slug="supported-plans",
    order=60,
    title=_("Supported plans"),
    description=_(
        "The proposals the working group approved, with their public fields only."
    ),
    fields=PLAN_FIELDS,
    rows=_plan_rows,
    count=lambda: _supported().count(),
)

DATASETS = (CALLS, SUPPORTED_PLANS)
