"""Calls for proposals: the model's rules, who may answer, the deadline, the
reason for goal-post changes, the public pages and the proposal form."""

import datetime

import jdatetime
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core import roles
from core.transitions import TransitionError
from ngos.models import FocusArea
from proposals import services
from proposals.forms import SUBMIT, ProposalForm
from proposals.models import (
    Call,
    CallEvent,
    Proposal,
    Status,
    standing_call,
    time_left,
)
from tests.factories import (
    TEHRAN,
    CallFactory,
    NGOFactory,
    ProposalFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def closed_call(**kwargs):
    now = timezone.now()
    return CallFactory(opens_at=now - 60 * DAY, closes_at=now - DAY, **kwargs)


def upcoming_call(**kwargs):
    now = timezone.now()
    return CallFactory(opens_at=now + 3 * DAY, closes_at=now + 30 * DAY, **kwargs)


def draft_of(user, **kwargs):
    return ProposalFactory(ngo=user.representative.ngo, created_by=user, **kwargs)


def submit(proposal, user):
    return services.transition(
        proposal=proposal, to_status=Status.SUBMITTED, actor=user
    )


# The model -----------------------------------------------------------------------


def test_the_migration_makes_one_standing_call_that_never_closes():
    call = Call.objects.get(is_standing=True)
    assert call.closes_at is None
    assert call.is_open()
    assert call.title == "فراخوان دائمی: ارسال آزاد طرح‌ها"


def test_a_proposal_answers_the_standing_call_unless_told_otherwise(rep_a):
    proposal = Proposal.objects.create(
        ngo=rep_a.representative.ngo, created_by=rep_a, title="طرح"
    )
    assert proposal.call.is_standing


def test_the_standing_call_is_made_again_after_a_flush():
    Call.objects.filter(is_standing=True).delete()
    assert Call.objects.get(pk=standing_call()).is_standing


def test_open_upcoming_and_closed():
    now = timezone.now()
    open_ = CallFactory()
    upcoming = upcoming_call()
    closed = closed_call()
    assert set(Call.objects.open_at(now)) == {open_, Call.objects.get(is_standing=True)}
    assert list(Call.objects.upcoming_at(now)) == [upcoming]
    assert list(Call.objects.closed_at(now)) == [closed]
    assert open_.is_open(now) and not open_.has_closed(now)
    assert not upcoming.is_open(now) and not upcoming.has_closed(now)
    assert closed.has_closed(now) and not closed.is_open(now)


def test_the_closing_moment_is_exclusive():
    call = CallFactory()
    assert not call.is_open(call.closes_at)
    assert call.is_open(call.closes_at - datetime.timedelta(seconds=1))


def test_the_database_refuses_a_call_closing_before_it_opens():
    from django.db import IntegrityError

    now = timezone.now()
    with pytest.raises(IntegrityError):
        CallFactory(opens_at=now, closes_at=now - DAY)


def test_only_verified_ngos_may_answer():
    call = CallFactory()
    assert call.admits(NGOFactory())
    assert not call.admits(NGOFactory(status="pending"))
    assert not call.admits(NGOFactory(status="suspended"))


def test_a_call_may_ask_for_ngos_of_its_focus_areas():
    call = CallFactory(
        focus_areas=["economic-empowerment"], only_matching_focus_areas=True
    )
    working = NGOFactory(focus_areas=["economic-empowerment"])
    other = NGOFactory(
        focus_areas=[
            FocusArea.objects.exclude(code="economic-empowerment").first().code
        ]
    )
    assert call.admits(working)
    assert not call.admits(other)
    call.only_matching_focus_areas = False
    assert call.admits(other)


def test_a_call_may_ask_for_ngos_of_its_provinces():
    call = CallFactory(provinces=["IR-23"], only_matching_provinces=True)
    assert call.admits(NGOFactory(provinces_served=["IR-23"]))
    assert not call.admits(NGOFactory(provinces_served=["IR-10"]))


# Submission and the deadline -------------------------------------------------------


def test_a_proposal_to_an_open_call_is_submitted(rep_a):
    proposal = draft_of(rep_a, call=CallFactory())
    submit(proposal, rep_a)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED


def test_submission_after_the_closing_moment_is_refused_and_the_draft_kept(rep_a):
    call = closed_call()
    proposal = draft_of(rep_a, call=call)
    with pytest.raises(TransitionError) as refused:
        submit(proposal, rep_a)
    assert refused.value.code == "call_closed"
    message = " ".join(refused.value.messages)
    assert call.title in message
    assert "closed" in message or "بسته" in message
    proposal.refresh_from_db()
    assert proposal.status == Status.DRAFT
    assert proposal.reference is None


def test_submission_before_the_call_opens_is_refused(rep_a):
    proposal = draft_of(rep_a, call=upcoming_call())
    with pytest.raises(TransitionError) as refused:
        submit(proposal, rep_a)
    assert refused.value.code == "call_not_open"


def test_an_ngo_the_call_does_not_admit_cannot_submit_to_it(rep_a):
    ngo = rep_a.representative.ngo
    ngo.provinces_served.set(["IR-10"])
    proposal = draft_of(
        rep_a, call=CallFactory(provinces=["IR-23"], only_matching_provinces=True)
    )
    with pytest.raises(TransitionError) as refused:
        submit(proposal, rep_a)
    assert refused.value.code == "call_not_eligible"


def test_a_resubmission_is_not_refused_by_the_calls_deadline(rep_a, reviewer):
    call = CallFactory()
    proposal = draft_of(rep_a, call=call)
    submit(proposal, rep_a)
    services.transition(
        proposal=proposal, to_status=Status.UNDER_REVIEW, actor=reviewer
    )
    services.transition(
        proposal=proposal,
        to_status=Status.CHANGES_REQUESTED,
        actor=reviewer,
        comment="بودجه را تفکیک کنید",
    )
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - 90 * DAY, closes_at=timezone.now() - DAY
    )
    Proposal.objects.filter(pk=proposal.pk).update(summary="خلاصهٔ تازه")
    services.transition(
        proposal=proposal,
        to_status=Status.SUBMITTED,
        actor=rep_a,
        comment="خلاصه را بازنویسی کردیم",
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED


def test_the_site_shows_the_refusal_in_persian(client, rep_a):
    proposal = draft_of(rep_a, call=closed_call())
    client.force_login(rep_a)
    response = client.post(reverse("proposals:submit", args=[proposal.pk]), follow=True)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Status.DRAFT


# The proposal form -------------------------------------------------------------------


def test_the_form_offers_only_open_calls_the_ngo_may_answer(rep_a):
    ngo = rep_a.representative.ngo
    ngo.provinces_served.set(["IR-10"])
    open_ = CallFactory()
    closed = closed_call()
    upcoming = upcoming_call()
    elsewhere = CallFactory(provinces=["IR-23"], only_matching_provinces=True)
    offered = set(ProposalForm(ngo=ngo).fields["call"].queryset)
    assert open_ in offered
    assert Call.objects.get(is_standing=True) in offered
    assert not offered & {closed, upcoming, elsewhere}


def test_the_form_starts_on_the_standing_call(rep_a):
    form = ProposalForm(ngo=rep_a.representative.ngo)
    assert form.fields["call"].initial == standing_call()


def test_a_form_without_a_call_saves_to_the_standing_call(client, rep_a):
    client.force_login(rep_a)
    client.post(reverse("proposals:create"), {"title": "طرح بی‌فراخوان"})
    assert Proposal.objects.get(title="طرح بی‌فراخوان").call.is_standing


def test_the_apply_button_preselects_the_call(client, rep_a):
    call = CallFactory()
    client.force_login(rep_a)
    response = client.get(reverse("proposals:create") + f"?call={call.pk}")
    assert response.context["form"].fields["call"].initial == call.pk
    assert f'value="{call.pk}" selected' in response.content.decode()


@pytest.mark.parametrize("asked", ["x", "99999999999999999999", "0", "-1"])
def test_a_bad_call_in_the_address_is_ignored(client, rep_a, asked):
    client.force_login(rep_a)
    response = client.get(reverse("proposals:create") + f"?call={asked}")
    assert response.status_code == 200


def test_a_closed_call_cannot_be_chosen_by_a_forged_form(client, rep_a):
    closed = closed_call()
    client.force_login(rep_a)
    response = client.post(
        reverse("proposals:create"), {"title": "طرح", "call": closed.pk}
    )
    assert response.status_code == 200
    assert "call" in response.context["form"].errors
    assert not Proposal.objects.filter(title="طرح").exists()


def test_the_chosen_call_is_saved(client, rep_a):
    call = CallFactory()
    client.force_login(rep_a)
    client.post(reverse("proposals:create"), {"title": "طرح فراخوان", "call": call.pk})
    assert Proposal.objects.get(title="طرح فراخوان").call == call


def test_a_draft_keeps_its_closed_call_when_edited(client, rep_a):
    call = closed_call()
    proposal = draft_of(rep_a, call=call)
    client.force_login(rep_a)
    client.post(
        reverse("proposals:update", args=[proposal.pk]),
        {"title": "عنوان تازه", "call": call.pk},
    )
    proposal.refresh_from_db()
    assert proposal.title == "عنوان تازه"
    assert proposal.call == call


def test_a_submitted_proposal_stays_with_its_call(rep_a):
    call = CallFactory()
    proposal = draft_of(rep_a, call=call)
    submit(proposal, rep_a)
    proposal.refresh_from_db()
    form = ProposalForm(
        {"title": "x", "call": standing_call()},
        instance=proposal,
        ngo=proposal.ngo,
        intent=SUBMIT,
    )
    assert form.fields["call"].disabled
    form.is_valid()
    assert form.cleaned_data["call"] == call


# Public pages ------------------------------------------------------------------------


def test_the_list_shows_open_then_upcoming_then_closed(client):
    open_ = CallFactory(title="فراخوان باز")
    upcoming = upcoming_call(title="فراخوان آینده")
    closed = closed_call(title="فراخوان بسته")
    html = client.get(reverse("calls:list")).content.decode()
    assert (
        html.index(open_.title) < html.index(upcoming.title) < html.index(closed.title)
    )
    # In words, in the page's language and digits: «۲۹ روز مانده».
    assert time_left(open_, timezone.now()) in html
    assert "۲۹" in time_left(open_, timezone.now())


def test_the_list_in_english(client):
    CallFactory(title_en="Call for sewing workshops")
    with translation.override("en"):
        url = reverse("calls:list")
    html = client.get(url).content.decode()
    assert "Call for sewing workshops" in html
    assert "days left" in html


def test_a_closed_call_says_how_many_came_and_were_supported(client, rep_a):
    call = closed_call()
    for status in (Status.SUBMITTED, Status.APPROVED, Status.APPROVED):
        proposal = draft_of(rep_a, call=call)
        Proposal.objects.filter(pk=proposal.pk).update(
            status=status, submitted_at=timezone.now()
        )
    draft_of(rep_a, call=call)  # a draft is not counted
    response = client.get(reverse("calls:detail", args=[call.pk]))
    assert response.context["counts"] == {"received": 3, "supported": 2}
    html = response.content.decode()
    assert (
        ngettext("%(shown)s proposal received", "%(shown)s proposals received", 3)
        % {"shown": "۳"}
        in html
    )
    assert reverse("proposals:create") not in html


def test_the_call_page_lists_the_proposals_supported_under_it(client, rep_a):
    call = CallFactory()
    for title, status in (
        ("طرح پذیرفته", Status.APPROVED),
        ("طرح در بررسی", Status.SUBMITTED),
    ):
        proposal = draft_of(rep_a, call=call, title=title)
        Proposal.objects.filter(pk=proposal.pk).update(
            status=status, submitted_at=timezone.now()
        )
    other = draft_of(rep_a, title="طرح فراخوان دیگر")
    Proposal.objects.filter(pk=other.pk).update(status=Status.APPROVED)
    response = client.get(reverse("calls:detail", args=[call.pk]))
    assert [p.title for p in response.context["supported"]] == ["طرح پذیرفته"]
    html = response.content.decode()
    assert "طرح‌های حمایت‌شده در این فراخوان" in html
    assert "طرح پذیرفته" in html
    assert "طرح در بررسی" not in html


def test_an_open_call_has_its_apply_button(client):
    call = CallFactory(title="فراخوان خیاطی", ceiling_rials=2_000_000_000)
    html = client.get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert f"{reverse('proposals:create')}?call={call.pk}" in html
    assert "فراخوان خیاطی" in html
    assert "۲٬۰۰۰٬۰۰۰٬۰۰۰" in html


def test_the_call_page_in_english(client):
    call = CallFactory(
        title_en="Call for sewing workshops",
        provinces=["IR-23"],
        only_matching_provinces=True,
    )
    with translation.override("en"):
        url = reverse("calls:detail", args=[call.pk])
    html = client.get(url).content.decode()
    assert "Call for sewing workshops" in html
    assert "Only NGOs working in at least one of the call's provinces." in html
    assert "Apply to this call" in html


def test_an_unknown_call_is_404(client):
    assert client.get(reverse("calls:detail", args=[10**6])).status_code == 404


def test_the_home_page_and_the_menu_show_calls(client):
    call = CallFactory(title="فراخوان خانه")
    html = client.get(reverse("home")).content.decode()
    assert call.title in html
    assert reverse("calls:list") in html


def test_a_new_call_shows_on_the_cached_list_at_once(client):
    client.get(reverse("calls:list"))
    call = CallFactory(title="فراخوان تازه")
    assert call.title in client.get(reverse("calls:list")).content.decode()


# The admin ------------------------------------------------------------------------


@pytest.fixture
def manager(db):
    return StaffFactory(username="manager", groups=[roles.CALL_MANAGERS])


def jalali(moment):
    local = moment.astimezone(TEHRAN)
    return jdatetime.date.fromgregorian(date=local.date()).strftime(
        "%Y/%m/%d"
    ), local.strftime("%H:%M")


CRITERION_FIELDS = (
    "order",
    "name",
    "name_en",
    "weight",
    *(f"meaning_{n}" for n in range(1, 6)),
    *(f"meaning_{n}_en" for n in range(1, 6)),
)


def criteria_data(call, **changes):
    """The rubric inline's forms as the change page sends them back."""
    criteria = list(call.criteria.all()) if call else []
    data = {
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for i, criterion in enumerate(criteria):
        data[f"criteria-{i}-id"] = criterion.pk
        data[f"criteria-{i}-call"] = call.pk
        for name in CRITERION_FIELDS:
            data[f"criteria-{i}-{name}"] = getattr(criterion, name)
    data.update(changes)
    return data


def change_data(call, **overrides):
    opens = jalali(call.opens_at)
    closes = jalali(call.closes_at)
    data = {
        "title": call.title,
        "title_en": call.title_en,
        "description": call.description,
        "description_en": call.description_en,
        "opens_at_0": opens[0],
        "opens_at_1": opens[1],
        "closes_at_0": closes[0],
        "closes_at_1": closes[1],
        "ceiling_rials": call.ceiling_rials,
        "envelope_rials": call.envelope_rials,
        "min_score_sheets": call.min_score_sheets,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
        **criteria_data(call),
        "reviewers_per_proposal": call.reviewers_per_proposal,
        "independent_scores": "on" if call.independent_scores else "",
        "reason": "",
    }
    data.update(overrides)
    return data


def test_the_call_managers_group_may_add_and_change_calls(manager):
    assert Group.objects.filter(name=roles.CALL_MANAGERS).exists()
    assert manager.has_perm("proposals.add_call")
    assert manager.has_perm("proposals.change_call")
    assert not manager.has_perm("proposals.delete_call")


def test_a_manager_creates_a_call_with_jalali_dates(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("admin:proposals_call_add"),
        {
            "title": "فراخوان قالی‌بافی",
            "opens_at_0": "۱۴۰۵/۰۹/۰۱",
            "opens_at_1": "08:00",
            "closes_at_0": "1405/10/01",
            "closes_at_1": "14:00",
            "min_score_sheets": 2,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
            "reviewers_per_proposal": 2,
            "independent_scores": "on",
            **criteria_data(None),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    call = Call.objects.get(title="فراخوان قالی‌بافی")
    assert jalali(call.closes_at) == ("1405/10/01", "14:00")


def test_a_call_needs_its_closing_moment(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("admin:proposals_call_add"),
        {"title": "بی‌پایان", "opens_at_0": "1405/09/01", "opens_at_1": "08:00"},
    )
    assert response.status_code == 200
    assert "closes_at" in response.context["adminform"].form.errors


def test_closing_earlier_with_proposals_needs_a_reason(client, manager):
    call = CallFactory()
    ProposalFactory(call=call)
    client.force_login(manager)
    earlier = jalali(call.closes_at - 10 * DAY)
    url = reverse("admin:proposals_call_change", args=[call.pk])
    data = change_data(call, closes_at_0=earlier[0])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert not CallEvent.objects.exists()
    response = client.post(url, {**data, "reason": "تعطیلات نوروز"})
    assert response.status_code == 302
    event = CallEvent.objects.get(call=call)
    assert event.reason == "تعطیلات نوروز"
    assert event.actor == manager
    call.refresh_from_db()
    assert jalali(call.closes_at)[0] == earlier[0]


def test_lowering_the_ceiling_with_proposals_needs_a_reason(client, manager):
    call = CallFactory(ceiling_rials=2_000_000_000)
    ProposalFactory(call=call)
    client.force_login(manager)
    url = reverse("admin:proposals_call_change", args=[call.pk])
    response = client.post(url, change_data(call, ceiling_rials=1_000_000_000))
    assert "reason" in response.context["adminform"].form.errors
    response = client.post(
        url, change_data(call, ceiling_rials=1_000_000_000, reason="بودجه کم شد")
    )
    assert response.status_code == 302
    assert "۱٬۰۰۰٬۰۰۰٬۰۰۰" in CallEvent.objects.get(call=call).changes


def test_without_proposals_or_moving_later_no_reason_is_needed(client, manager):
    call = CallFactory(ceiling_rials=2_000_000_000)
    client.force_login(manager)
    url = reverse("admin:proposals_call_change", args=[call.pk])
    earlier = jalali(call.closes_at - 10 * DAY)
    assert (
        client.post(url, change_data(call, closes_at_0=earlier[0])).status_code == 302
    )
    call.refresh_from_db()
    ProposalFactory(call=call)
    later = jalali(call.closes_at + 10 * DAY)
    response = client.post(
        url, change_data(call, closes_at_0=later[0], ceiling_rials=3_000_000_000)
    )
    assert response.status_code == 302
    assert not CallEvent.objects.exists()


def test_the_proposal_page_names_its_call_and_warns_when_it_closed(client, rep_a):
    call = closed_call(title="فراخوان گذشته")
    proposal = draft_of(rep_a, call=call)
    client.force_login(rep_a)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert call.get_absolute_url() in html
    assert "فراخوان گذشته" in html
    assert client.get(proposal.get_absolute_url()).context["call_closed_for_draft"]


def test_reviewers_may_see_calls_but_not_change_them(reviewer):
    assert reviewer.has_perm("proposals.view_call")
    assert not reviewer.has_perm("proposals.change_call")
