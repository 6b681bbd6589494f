"""Random, huge, badly encoded and hostile values sent to every public and
NGO form: never a server error, and nothing stored when the input is invalid.

Hypothesis generates the values, 40 a test, drawing some of them from a
fixed list of known hostile strings; ``--hypothesis-show-statistics``
reports what each test tried. The fields come from the form classes, and
every form of the site outside the admin must be one of those fuzzed here.
"""

import io
import pkgutil
from importlib import import_module

import pytest
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.forms import ResetPasswordForm, SignInForm
from delivery.forms import MilestoneForm, ReachForm, ReportForm
from meetings.forms import MeetingSearchForm
from ngos.forms import NGOChangeRequestForm, NGORegistrationForm
from ngos.models import NGO, NGOChangeRequest, Representative
from ngos.views import DirectoryFilterForm
from proposals.forms import AttachmentForm, ProposalForm, ResubmitForm
from proposals.models import Attachment, Proposal

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "\x00\x01\x02",
    "\u202eexe.pdf",
    "‮" * 50,
    '=HYPERLINK("http://evil")',
    "../../etc/passwd",
    "{{ 7*7 }}{% debug %}",
    "%s%s%s%n",
    "🙂" * 100,
    "ی" * 100_000,
    "\ud800",  # a lone surrogate: not even encodable as UTF-8
    "١٢٣٤٥٦٧٨٩٠" * 5,
    " ",
    "",
]

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    # Huge values, cheaply: a random character repeated many times.
    st.tuples(st.characters(codec="utf-8"), st.integers(1000, 100_000)).map(
        lambda pair: pair[0] * pair[1]
    ),
    st.integers().map(str),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def fields_of(form_class) -> list[str]:
    """The names a browser sends for every field of ``form_class``: read from
    the class, so a field added to a form is fuzzed without being listed."""
    names = []
    for name, field in form_class.base_fields.items():
        if isinstance(field.widget, forms.MultiWidget):
            names += [name + suffix for suffix in field.widget.widgets_names]
        else:
            names.append(name)
    return names


def hostile(form_class, *, skip=()):
    """A strategy: a hostile value for every field of ``form_class``."""
    return st.fixed_dictionaries(
        {name: values for name in fields_of(form_class) if name not in skip}
    )


# Every form that people outside the ministry fill in. Ministry staff work in
# the admin only: the forms of admin modules, and those listed below, are
# theirs. A new form anywhere else fails
# test_every_form_outside_the_admin_is_fuzzed until it is added here.
PUBLIC_AND_NGO_FORMS = [
    NGORegistrationForm,
    SignInForm,
    ResetPasswordForm,
    auth_views.PasswordResetConfirmView.form_class,
    DirectoryFilterForm,
    MeetingSearchForm,
    ProposalForm,
    AttachmentForm,
    auth_views.PasswordChangeView.form_class,
    NGOChangeRequestForm,
    ResubmitForm,
    MilestoneForm,
    ReportForm,
    ReachForm,
]
STAFF_FORMS = {
    # The admin lists' date filters; tests/security/test_admin_filters.py
    # sends them hostile values.
    "core.filters.DateRangeForm",
    "core.twostep",
    "meetings.forms.ActionItemMoveForm",
    "meetings.forms.NextMeetingForm",
    "ngos.importing",
    "proposals.review",
}
APPS = ("core", "ngos", "meetings", "proposals", "delivery")
# Query parameters that the lists read without a form.
LIST_PARAMETERS = ["page", "status", "province", "focus"]


def staff_only(form) -> bool:
    module = form.__module__
    name = f"{module}.{form.__qualname__}"
    return any(part.startswith("admin") for part in module.split(".")) or any(
        name == listed or name.startswith(f"{listed}.") for listed in STAFF_FORMS
    )


def test_every_form_outside_the_admin_is_fuzzed():
    for app in APPS:
        for module in pkgutil.walk_packages(
            import_module(app).__path__, prefix=f"{app}."
        ):
            if ".migrations" not in module.name:
                import_module(module.name)

    def subclasses(cls):
        for subclass in cls.__subclasses__():
            yield subclass
            yield from subclasses(subclass)

    ours = {
        form
        for form in subclasses(forms.BaseForm)
        if form.__module__.split(".")[0] in APPS
    }
    staff = {form for form in ours if staff_only(form)}
    # Base classes that no page uses as they are.
    bases = {form for form in ours if form.__subclasses__()}
    unfuzzed = ours - staff - bases - set(PUBLIC_AND_NGO_FORMS)
    assert not unfuzzed, "fuzz them (PUBLIC_AND_NGO_FORMS) or list them as staff's"


def encodable(data):
    """The test client encodes as UTF-8; a lone surrogate is sent as bytes."""
    return {
        key: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        for key, value in data.items()
    }


def tried(request):
    request.node.tried = getattr(request.node, "tried", 0) + 1


@EXAMPLES
@given(data=hostile(NGORegistrationForm))
def test_registration_form(client, request, data):
    tried(request)
    cache.clear()
    before = (NGO.objects.count(), Representative.objects.count())
    response = client.post(reverse("ngos:register"), encodable(data))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (NGO.objects.count(), Representative.objects.count()) == before


@EXAMPLES
@given(
    data=hostile(ProposalForm),
    submit=st.booleans(),
)
def test_proposal_form(client, rep_a, request, data, submit):
    tried(request)
    cache.clear()
    client.force_login(rep_a)
    before = Proposal.objects.count()
    payload = {**encodable(data), ("submit" if submit else "save_draft"): "1"}
    response = client.post(reverse("proposals:create"), payload)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Proposal.objects.count() == before


@EXAMPLES
@given(data=hostile(NGOChangeRequestForm))
def test_change_request_form(client, rep_a, request, data):
    tried(request)
    cache.clear()
    NGOChangeRequest.objects.all().delete()
    client.force_login(rep_a)
    response = client.post(reverse("ngos:change_request"), encodable(data))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not NGOChangeRequest.objects.exists()


@EXAMPLES
@given(data=hostile(ResubmitForm))
def test_resubmit_form(client, rep_a, request, data):
    from django.utils import timezone

    from proposals.models import Status
    from tests.factories import ProposalFactory

    tried(request)
    cache.clear()
    proposal = ProposalFactory(
        ngo=rep_a.representative.ngo,
        created_by=rep_a,
        status=Status.CHANGES_REQUESTED,
        submitted_at=timezone.now(),
    )
    client.force_login(rep_a)
    response = client.post(
        reverse("proposals:submit", args=[proposal.pk]), encodable(data)
    )
    assert response.status_code in (200, 302)
    proposal.refresh_from_db()
    if response.status_code == 200:
        assert proposal.status == Status.CHANGES_REQUESTED


FILE_FIELDS = [
    name
    for name, field in AttachmentForm.base_fields.items()
    if isinstance(field, forms.FileField)
]


@EXAMPLES
@given(
    data=hostile(AttachmentForm, skip=FILE_FIELDS),
    name=values,
    content=st.binary(max_size=5000),
)
def test_attachment_upload(client, rep_a, request, data, name, content):
    from tests.factories import ProposalFactory

    tried(request)
    cache.clear()
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    client.force_login(rep_a)
    uploads = {}
    for field in FILE_FIELDS:
        # A plain file object, not an UploadedFile, which refuses some names
        # ("/") itself: the site's own parsing must meet them.
        uploads[field] = io.BytesIO(content)
        uploads[field].name = name.encode("utf-8", "surrogatepass").decode(
            "utf-8", "replace"
        )[:300]
    response = client.post(
        reverse("proposals:attachment_add", args=[proposal.pk]),
        {**encodable(data), **uploads},
    )
    # 400: a file name too long for the request headers is refused whole.
    assert response.status_code in (302, 400)
    assert not Attachment.objects.filter(
        proposal=proposal
    ).exists()  # random bytes never pass


@EXAMPLES
@given(data=hostile(SignInForm))
def test_sign_in_form(client, request, data):
    tried(request)
    cache.clear()
    response = client.post(reverse("login"), encodable(data))
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@EXAMPLES
@given(data=hostile(ResetPasswordForm))
def test_password_reset_form(client, request, data):
    tried(request)
    cache.clear()
    response = client.post(reverse("password_reset"), encodable(data))
    assert response.status_code in (200, 302)


@EXAMPLES
@given(data=hostile(auth_views.PasswordResetConfirmView.form_class))
def test_new_password_form_of_a_reset_link(client, rep_a, request, data):
    tried(request)
    cache.clear()
    rep_a.refresh_from_db()
    before = rep_a.password
    link = client.get(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(rep_a.pk)),
                "token": default_token_generator.make_token(rep_a),
            },
        )
    )
    # The link's token moves into the session; the form is on the next page.
    assert link.status_code == 302
    response = client.post(link["Location"], encodable(data))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        rep_a.refresh_from_db()
        assert rep_a.password == before


@EXAMPLES
@given(data=hostile(auth_views.PasswordChangeView.form_class))
def test_password_change_form(client, rep_a, request, data):
    tried(request)
    cache.clear()
    client.force_login(rep_a)
    rep_a.refresh_from_db()
    before = rep_a.password
    response = client.post(reverse("password_change"), encodable(data))
    assert response.status_code == 200  # the current password is never guessed
    rep_a.refresh_from_db()
    assert rep_a.password == before


FILTERS = sorted(
    {*fields_of(DirectoryFilterForm), *fields_of(MeetingSearchForm), *LIST_PARAMETERS}
)


@EXAMPLES
@given(params=st.fixed_dictionaries({name: values for name in FILTERS}))
@pytest.mark.parametrize(
    "name",
    ["ngos:list", "meetings:list", "proposals:supported", "proposals:list", "home"],
)
def test_search_and_filter_pages(client, rep_a, request, name, params):
    tried(request)
    client.force_login(rep_a)
    response = client.get(reverse(name), encodable(params))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [reverse("ngos:register"), reverse("login"), reverse("password_reset")],
)
def test_badly_encoded_bodies(client, path):
    body = b"name=%ff%fe%00&username=\xff\xfe&email=\xc3\x28&password=\x80"
    response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 302, 400)
    assert NGO.objects.count() == 0


def test_too_many_fields_is_a_clean_400(client):
    body = "&".join(f"f{n}=x" for n in range(5000))
    response = client.post(
        reverse("ngos:register"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def supported_plan(rep):
    from delivery import services as delivery_services
    from tests.delivery.conftest import approved_proposal

    proposal = Proposal.objects.filter(ngo=rep.representative.ngo).first()
    return delivery_services.plan_for(proposal or approved_proposal(rep))


@EXAMPLES
@given(data=hostile(MilestoneForm))
def test_milestone_form(client, rep_a, request, data):
    from delivery.models import Milestone

    tried(request)
    cache.clear()
    plan = supported_plan(rep_a)
    client.force_login(rep_a)
    before = Milestone.objects.count()
    response = client.post(
        reverse("delivery:milestone_create", args=[plan.pk]), encodable(data)
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Milestone.objects.count() == before


@EXAMPLES
@given(
    data=hostile(ReportForm, skip=["files"]),
    row=hostile(ReachForm),
    rows=st.sampled_from(["1", "0", "-1", "x", "99999"]),
)
def test_report_form(client, rep_a, request, data, row, rows):
    from delivery.models import ProgressReport

    tried(request)
    cache.clear()
    plan = supported_plan(rep_a)
    client.force_login(rep_a)
    before = ProgressReport.objects.count()
    payload = {
        **encodable(data),
        **{f"reach-0-{name}": value for name, value in encodable(row).items()},
        "reach-TOTAL_FORMS": rows,
        "reach-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("delivery:report_create", args=[plan.pk]), payload)
    assert response.status_code in (200, 302, 429)
    if response.status_code != 302:
        assert ProgressReport.objects.count() == before
