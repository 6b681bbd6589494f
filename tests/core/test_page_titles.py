"""Every page's <title> says where the visitor is (WCAG 2.4.2)."""

import re

import pytest

from tests.factories import MeetingFactory, NGOFactory, ProposalFactory

pytestmark = pytest.mark.django_db

SITE = "کارگروه سازمان‌های مردم‌نهاد زنان سرپرست خانوار"


def title(response) -> str:
    assert response.status_code == 200
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1]


def test_public_pages_are_titled_after_what_they_show(client):
    ngo = NGOFactory(name="خانه مهر")
    meeting = MeetingFactory(title="جلسه کارگروه", approved=True)
    expected = {
        "/": "خانه",
        "/ngos/": "فهرست سازمان‌ها",
        "/ngos/?q=مهر": "نتیجه جست‌وجو · فهرست سازمان‌ها",
        # People's text is isolated (first-strong isolate … pop), so a name
        # cannot reorder the rest of the title.
        f"/ngos/{ngo.pk}/": "\u2068خانه مهر\u2069 · فهرست سازمان‌ها",
        "/ngos/register/": "ثبت سازمان شما",
        "/meetings/": "جلسه‌ها",
        "/meetings/?year=1396": "نتیجه جست‌وجو · جلسه‌ها",
        f"/meetings/{meeting.pk}/": "\u2068جلسه کارگروه\u2069، ۱۸ دی ۱۳۹۶ · جلسه‌ها",
        "/proposals/supported/": "طرح‌های حمایت‌شده",
        "/stats/": "کارگروه به زبان آمار",
        "/accounts/login/": "ورود",
    }
    titles = {path: title(client.get(path)) for path in expected}
    assert titles == {path: f"{page} · {SITE}" for path, page in expected.items()}


def test_later_pages_of_a_list_say_which_page_they_are(client):
    for _ in range(21):
        NGOFactory()
    assert title(client.get("/ngos/?page=2")) == f"فهرست سازمان‌ها · صفحه ۲ · {SITE}"
    assert title(client.get("/en/ngos/?page=2")).startswith("NGO directory · page 2 · ")


def test_a_form_sent_with_errors_says_so_in_its_title(client):
    response = client.post("/ngos/register/", {})
    assert response.status_code == 200
    assert title(response) == f"خطا: ثبت سازمان شما · {SITE}"


def test_a_representatives_pages_name_the_proposal(client, rep_a):
    proposal = ProposalFactory(
        ngo=rep_a.representative.ngo, created_by=rep_a, title="کارگاه سفال"
    )
    client.force_login(rep_a)
    assert title(client.get(proposal.get_absolute_url())) == (
        f"\u2068کارگاه سفال\u2069 · طرح‌های سازمان شما · {SITE}"
    )
    assert title(client.get(f"/proposals/{proposal.pk}/edit/")) == (
        f"ویرایش طرح: \u2068کارگاه سفال\u2069 · طرح‌های سازمان شما · {SITE}"
    )
