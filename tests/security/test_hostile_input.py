"""Random, huge, badly encoded and hostile values sent to every public and
NGO form: never a server error, and nothing stored when the input is invalid.

Hypothesis generates the values, 40 a test, drawing some of them from a
fixed list of known hostile strings; ``--hypothesis-show-statistics``
reports what each test tried.
"""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngos.models import NGO, Representative
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

REGISTRATION_FIELDS = [
    "name",
    "name_en",
    "national_id",
    "registration_number",
    "registration_date",
    "licensing_authority",
    "founding_year",
    "province",
    "city",
    "address",
    "postal_code",
    "phone",
    "email",
    "website",
    "description",
    "focus_areas",
    "provinces_served",
    "households_served",
    "first_name",
    "last_name",
    "role",
    "national_code",
    "mobile",
    "representative_email",
    "password1",
    "password2",
]
PROPOSAL_FIELDS = [
    "title",
    "summary",
    "problem",
    "solution",
    "executive_plan",
    "target_group",
    "beneficiaries",
    "provinces",
    "focus_areas",
    "duration_months",
    "budget_rials",
    "co_funding_rials",
    "co_funding_source",
    "presented_at_meeting",
]


def encodable(data):
    """The test client encodes as UTF-8; a lone surrogate is sent as bytes."""
    return {
        key: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        for key, value in data.items()
    }


def tried(request):
    request.node.tried = getattr(request.node, "tried", 0) + 1


@EXAMPLES
@given(data=st.fixed_dictionaries({name: values for name in REGISTRATION_FIELDS}))
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
    data=st.fixed_dictionaries({name: values for name in PROPOSAL_FIELDS}),
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
@given(name=values, content=st.binary(max_size=5000))
def test_attachment_upload(client, rep_a, request, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import ProposalFactory

    tried(request)
    cache.clear()
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    client.force_login(rep_a)
    safe_name = (
        (name or "x").encode("utf-8", "surrogatepass").decode("utf-8", "replace")[:300]
    )
    # The test client sends only the base name, and refuses to build a file
    # whose base name is empty, "." or "..": such a name never reaches us.
    safe_name = os.path.basename(safe_name)
    if safe_name in ("", ".", ".."):
        safe_name = "x"
    upload = SimpleUploadedFile(safe_name, content)
    response = client.post(
        reverse("proposals:attachment_add", args=[proposal.pk]), {"file": upload}
    )
    # 400: a file name too long for the request headers is refused whole.
    assert response.status_code in (302, 400)
    assert not Attachment.objects.filter(
        proposal=proposal
    ).exists()  # random bytes never pass


@EXAMPLES
@given(username=values, password=values)
def test_sign_in_form(client, request, username, password):
    tried(request)
    cache.clear()
    response = client.post(
        reverse("login"), encodable({"username": username, "password": password})
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@EXAMPLES
@given(email=values)
def test_password_reset_form(client, request, email):
    tried(request)
    cache.clear()
    response = client.post(reverse("password_reset"), encodable({"email": email}))
    assert response.status_code in (200, 302)


@EXAMPLES
@given(
    params=st.fixed_dictionaries(
        {
            "q": values,
            "province": values,
            "focus": values,
            "page": values,
            "year": values,
            "status": values,
        }
    )
)
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
