import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.jalali import format_short_date
from ngos import reference
from ngos.forms import NGORegistrationForm
from ngos.models import NGO, Representative
from tests.factories import NGOFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

NOT_PUBLIC = ["pending", "rejected", "suspended"]


def listed(response):
    return [ngo.name for ngo in response.context["ngos"]]


def test_directory_lists_only_verified_ngos(client):
    NGOFactory(name="تأییدشده")
    for status in NOT_PUBLIC:
        NGOFactory(name=f"سازمان {status}", status=status)
    response = client.get(reverse("ngos:list"))
    assert listed(response) == ["تأییدشده"]
    assert response.context["paginator"].count == 1


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_profile_of_an_unverified_ngo_is_404(client, status):
    ngo = NGOFactory(status=status)
    assert client.get(reverse("ngos:detail", args=[ngo.pk])).status_code == 404


def test_profile_shows_public_fields(client):
    ngo = NGOFactory(
        name="خانه امید",
        households_served=1250,
        focus_areas=["1"],
        provinces_served=["IR-10", "IR-23"],
        founding_year=1385,
    )
    html = client.get(ngo.get_absolute_url()).content.decode()
    assert "خانه امید" in html
    assert "۱٬۲۵۰" in html
    assert "اصفهان" in html
    assert "توانمندسازی اقتصادی و اشتغال" in html
    assert "۱۳۸۵" in html


def test_profile_in_english_shows_gregorian_founding_year(client):
    ngo = NGOFactory(founding_year=1385)
    html = client.get("/en" + ngo.get_absolute_url()).content.decode()
    assert "2006" in html


def test_directory_search_with_arabic_letters(client):
    NGOFactory(name="کانون کودکان")
    NGOFactory(name="انجمن دیگر")
    assert listed(client.get(reverse("ngos:list"), {"q": "كودكان"})) == ["کانون کودکان"]


def test_filters_combine_and_show_as_removable_chips(client):
    NGOFactory(name="الف", province_id="IR-10", focus_areas=["1"])
    NGOFactory(name="ب", province_id="IR-10", focus_areas=["2"])
    NGOFactory(name="پ", province_id="IR-23", focus_areas=["1"])
    focus = "economic-empowerment"
    response = client.get(
        reverse("ngos:list"), {"province": "IR-10", "focus": focus, "q": "الف"}
    )
    assert listed(response) == ["الف"]
    chips = {chip.name: chip for chip in response.context["filter_chips"]}
    assert set(chips) == {"q", "province", "focus"}
    assert chips["province"].label == "اصفهان"
    assert "province" not in chips["province"].remove_url
    assert "focus=economic-empowerment" in chips["province"].remove_url
    removed = client.get(chips["province"].remove_url)
    assert listed(removed) == ["الف"]


def test_province_and_focus_filters_read_each_link_table_once(client, count_queries):
    """An NGO is in a province when seated there or serving it, and on a
    focus area when it works on it; the filters ask each link table one
    uncorrelated question (no probe per NGO: EXISTS per row grew with the
    registry), and the count, the page and the option marked agree."""
    seated = NGOFactory(name="الف", province_id="IR-10", focus_areas=["1"])
    serving = NGOFactory(name="ب", province_id="IR-23", focus_areas=["1", "2"])
    serving.provinces_served.set(["IR-10"])
    NGOFactory(name="پ", province_id="IR-10", focus_areas=["2"])
    NGOFactory(name="ت", province_id="IR-23", focus_areas=["1"])
    NGOFactory(name="ث", province_id="IR-10", focus_areas=["1"], status="pending")
    focus = "economic-empowerment"
    with count_queries() as page:
        response = client.get(
            reverse("ngos:list"), {"province": "IR-10", "focus": focus}
        )
    assert listed(response) == [seated.name, serving.name]
    html = response.content.decode()
    assert "۲ سازمان یافت شد" in html
    assert '<option value="IR-10" selected>اصفهان</option>' in html
    assert f'<option value="{focus}" selected>' in html
    for query in page.captured_queries:
        assert "EXISTS" not in query["sql"].upper()
    assert listed(client.get(reverse("ngos:list"), {"province": "IR-10"})) == [
        "الف",
        "ب",
        "پ",
    ]
    assert listed(client.get(reverse("ngos:list"), {"focus": focus})) == [
        "الف",
        "ب",
        "ت",
    ]


def test_result_count_and_empty_state(client):
    NGOFactory(name="الف")
    response = client.get(reverse("ngos:list"), {"q": "هیچ‌چیز"})
    html = response.content.decode()
    assert "۰ سازمان یافت شد" in html
    assert "سازمانی با این جست‌وجو یافت نشد" in html


def test_an_empty_directory_invites_ngos_to_register(client):
    NGOFactory(status="pending")
    html = client.get(reverse("ngos:list")).content.decode()
    assert "هنوز هیچ سازمانی در فهرست نیست" in html
    assert (
        '<a class="btn btn-primary" href="/ngos/register/">ثبت سازمان شما</a>' in html
    )
    assert "سازمانی با این جست‌وجو یافت نشد" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"province": "IR-99"},
        {"focus": "no-such-area"},
        {"page": "abc"},
        {"page": "9999"},
        {"q": "\x00\ufffd" * 50},
        {"q": "x" * 5000},
    ],
)
def test_bad_query_strings_never_fail(client, params):
    NGOFactory()
    response = client.get(reverse("ngos:list"), params)
    assert response.status_code == 200


def test_pagination_keeps_the_filters(client):
    for n in range(25):
        NGOFactory(name=f"کانون {n:02d}", province_id="IR-10")
    response = client.get(reverse("ngos:list"), {"province": "IR-10"})
    html = response.content.decode()
    assert "?province=IR-10&amp;page=2" in html
    second = client.get(reverse("ngos:list"), {"province": "IR-10", "page": 2})
    assert len(listed(second)) == 5


def test_directory_query_count_does_not_grow(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    NGOFactory(focus_areas=["1", "2"])
    # A search (core.pagination.TieredPaginator): the count (exact up to a
    # limit), the page's keys of each rank (the exact name, the name's
    # start, the rest), its rows, their focus areas; the filters' provinces
    # and focus areas come from the cache (ngos.reference).
    reference.provinces(), reference.focus_areas()
    with django_assert_num_queries(6) as one:
        client.get(reverse("ngos:list"), {"province": "IR-23", "q": "سازمان"})
    for _ in range(29):
        NGOFactory(focus_areas=["1", "2"], provinces_served=["IR-23"])
    # One fewer when the names that start with the word fill the page.
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(
            reverse("ngos:list"), {"province": "IR-23", "q": "سازمان"}
        )
    assert len(listed(response)) == 20


def test_profile_query_count_does_not_grow(
    client, count_queries, django_assert_num_queries
):
    ngo = NGOFactory(focus_areas=["1"], provinces_served=["IR-23"])
    client.get(ngo.get_absolute_url())  # the reference lists, read once
    with count_queries() as few:
        client.get(ngo.get_absolute_url())
    ngo.focus_areas.set(["1", "2", "3", "4"])
    ngo.provinces_served.set(["IR-01", "IR-02", "IR-03", "IR-23"])
    with django_assert_num_queries(len(few)):
        client.get(ngo.get_absolute_url())


def registration_data(**overrides):
    data = {
        "name": "انجمن یاری زنان کرمان",
        "name_en": "Kerman Women's Aid",
        "national_id": "۱۰۳۸۰۲۸۴۷۹۰",
        "registration_number": "۱۲۳۴",
        "registration_date": "۱۳۹۰/۰۵/۱۲",
        "licensing_authority": "interior",
        "founding_year": "1389",
        "province": "IR-08",
        "city": "کرمان",
        "address": "خیابان شفا",
        "postal_code": "7618 7498 91",
        "phone": "034-3222 1111",
        "email": "info@example.org",
        "website": "example.org",
        "description": "آموزش مهارت به زنان سرپرست خانوار",
        "focus_areas": ["1", "2"],
        "provinces_served": ["IR-08"],
        "households_served": "۱٬۲۰۰",
        "first_name": "لیلا",
        "last_name": "محمدی",
        "role": "director",
        "national_code": "0499370899",
        "mobile": "+98 913 111 2233",
        "representative_email": "leila@example.org",
        "password1": "Kerman-ngo-2024!",
        "password2": "Kerman-ngo-2024!",
    }
    data.update(overrides)
    return data


def test_registration_creates_a_pending_ngo_and_signs_the_applicant_in(client):
    response = client.post(reverse("ngos:register"), registration_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("ngos:application")
    ngo = NGO.objects.get(national_id="10380284790")
    assert ngo.status == "pending"
    assert ngo.households_served == 1200
    assert ngo.postal_code == "7618749891"
    assert ngo.phone == "03432221111"
    assert ngo.website == "https://example.org"
    assert ngo.founding_year == 1389
    assert str(ngo.registration_date) == "2011-08-03"
    representative = Representative.objects.get(ngo=ngo)
    assert representative.mobile == "09131112233"
    assert representative.user.username == "09131112233"
    assert representative.language == "fa"
    page = client.get(reverse("ngos:application"))
    assert "در انتظار تأیید" in page.content.decode()
    # Not yet public.
    assert client.get(ngo.get_absolute_url()).status_code == 404


def test_registration_sends_the_confirmation_and_the_officers_notice(
    client, registry_officer, django_capture_on_commit_callbacks
):
    registry_officer.email = "officer@example.org"
    registry_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ngos:register"), registration_data())
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["leila@example.org", "officer@example.org"]
    applicant = next(m for m in mail.outbox if m.to == ["leila@example.org"])
    assert "انجمن یاری زنان کرمان" in applicant.subject


def test_registration_in_english_mails_in_english(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/ngos/register/", registration_data())
    applicant = next(m for m in mail.outbox if m.to == ["leila@example.org"])
    assert applicant.subject.startswith("Application received")
    assert Representative.objects.get().language == "en"


def test_registration_errors_keep_everything_typed(client):
    data = registration_data(
        national_id="10380284792", mobile="12345", password2="other"
    )
    response = client.post(reverse("ngos:register"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"national_id", "mobile", "password2"}
    html = response.content.decode()
    assert "رقم کنترل آن درست نیست" in html
    assert 'value="انجمن یاری زنان کرمان"' in html
    assert 'value="خیابان شفا"' in html or "خیابان شفا</textarea>" in html
    assert 'href="#id_national_id"' in html  # the error summary links to the field
    assert NGO.objects.count() == 0
    assert not User.objects.filter(username="09131112233").exists()


def test_duplicate_national_id_says_it_is_already_registered(client):
    NGOFactory(national_id="10380284790", name="سازمان قدیمی")
    response = client.post(reverse("ngos:register"), registration_data())
    errors = response.context["form"].errors["national_id"]
    # With a link to the contact page (the Persian of issue 15's catalogue).
    assert errors == [
        "سازمانی با این شناسه ملی پیش‌تر ثبت شده است. اگر متعلق به شماست، "
        '<a href="/contact/">با دفتر ثبت تماس بگیرید</a>.'
    ]
    # The public is not told who holds it.
    assert "سازمان قدیمی" not in response.content.decode()


def test_weak_password_is_refused_with_django_validators(client):
    response = client.post(
        reverse("ngos:register"),
        registration_data(password1="12345678", password2="12345678"),
    )
    assert "password1" in response.context["form"].errors


def test_future_founding_year_is_refused(client):
    response = client.post(
        reverse("ngos:register"), registration_data(founding_year="2100")
    )
    assert response.context["form"].errors["founding_year"] == [
        "سال تأسیس نمی‌تواند در آینده باشد."
    ]


def test_a_description_over_its_length_gets_a_field_error_and_the_rest_kept(client):
    limit = NGORegistrationForm.text_limits["description"]
    response = client.post(
        reverse("ngos:register"), registration_data(description="ی" * (limit + 1))
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["description"]
    assert form.errors.as_data()["description"][0].code == "max_length"
    html = response.content.decode()
    assert 'value="انجمن یاری زنان کرمان"' in html
    assert "خیابان شفا</textarea>" in html
    assert NGO.objects.count() == 0


def test_a_registration_date_in_the_future_is_refused_and_the_rest_kept(client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("ngos:register"),
        registration_data(registration_date=format_short_date(tomorrow)),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["registration_date"]
    assert form.errors.as_data()["registration_date"][0].code == "future"
    assert 'value="انجمن یاری زنان کرمان"' in response.content.decode()
    assert NGO.objects.count() == 0


def test_a_registration_date_of_today_is_accepted(client):
    today = timezone.localdate()
    client.post(
        reverse("ngos:register"),
        registration_data(registration_date=format_short_date(today)),
    )
    assert NGO.objects.get().registration_date == today


def test_a_two_digit_registration_year_is_refused_not_stored_as_716(client):
    response = client.post(
        reverse("ngos:register"), registration_data(registration_date="95/02/31")
    )
    form = response.context["form"]
    assert form.errors.as_data()["registration_date"][0].code == "short_year"
    assert NGO.objects.count() == 0


def test_a_two_digit_founding_year_is_refused(client):
    response = client.post(
        reverse("ngos:register"), registration_data(founding_year="85")
    )
    form = response.context["form"]
    assert form.errors.as_data()["founding_year"][0].code == "short_year"


def test_gregorian_founding_year_is_stored_jalali(client):
    client.post(reverse("ngos:register"), registration_data(founding_year="۲۰۰۶"))
    assert NGO.objects.get().founding_year == 1385


def test_pending_representative_sees_the_application_and_nothing_more(client):
    representative = RepresentativeFactory(ngo__status="pending", approved_at=None)
    client.force_login(representative.user)
    response = client.get(reverse("account"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("ngos:application")
    assert response.context["ngo"] == representative.ngo
    assert client.get("/admin/").status_code == 302


def test_application_page_needs_a_representative(client):
    user = User.objects.create_user("someone", password="x")
    client.force_login(user)
    assert client.get(reverse("ngos:application")).status_code == 404
    client.logout()
    response = client.get(reverse("ngos:application"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_rejected_applicant_sees_the_reason(client, registry_officer):
    from ngos.services import change_ngo_status

    representative = RepresentativeFactory(ngo__status="pending", approved_at=None)
    change_ngo_status(
        ngo=representative.ngo,
        to_status="rejected",
        actor=registry_officer,
        reason="مدارک ناقص است",
    )
    client.force_login(representative.user)
    assert "مدارک ناقص است" in client.get(reverse("ngos:application")).content.decode()


def test_sign_in_with_a_mobile_number_in_persian_digits(client):
    representative = RepresentativeFactory(user__username="09121234567")
    response = client.post(
        reverse("login"),
        {"username": "۰۹۱۲ ۱۲۳ ۴۵۶۷", "password": "a-Strong-test-passw0rd"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(representative.user.pk)


# The limit on registrations ----------------------------------------------------


def test_only_successful_registrations_count_towards_the_limit(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": (1, 3600)}
    for _ in range(3):  # mistakes cost nothing
        response = client.post(reverse("ngos:register"), registration_data(mobile="1"))
        assert response.status_code == 200
    assert client.post(reverse("ngos:register"), registration_data()).status_code == 302
    client.post(reverse("logout"))
    second = registration_data(
        national_id="10380284791",
        national_code="0499370880",
        mobile="09131112244",
        name="انجمن دیگر",
    )
    refused = client.post(reverse("ngos:register"), second)
    assert refused.status_code == 429
    assert refused.context["form"]["name"].value() == "انجمن دیگر"
    assert NGO.objects.count() == 1


# The password boxes after an error -------------------------------------------


def test_a_form_sent_back_says_why_the_password_boxes_are_empty(client):
    note = "برای امنیت شما گذرواژه نگه داشته نمی‌شود"
    assert note not in client.get(reverse("ngos:register")).content.decode()
    response = client.post(reverse("ngos:register"), registration_data(city=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert note in html
    assert "Kerman-ngo-2024!" not in html
    help_id = response.context["form"]["password1"].auto_id + "_helptext"
    assert f'aria-describedby="{help_id}"' in html


def test_english_profile_gives_the_english_name_and_marks_the_persian(client):
    ngo = NGOFactory(
        name="انجمن یاری",
        name_en="Yari Association",
        city="تهران",
        province_id="IR-23",
        registration_number="12345",
    )
    html = client.get(f"/en/ngos/{ngo.pk}/").content.decode()
    assert '<h1 class="h2" dir="auto">Yari Association</h1>' in html
    assert '<p class="lead mb-1 text-start" lang="fa" dir="rtl">انجمن یاری</p>' in html
    # The Persian city is isolated, so the comma stays with "Tehran".
    assert '<span lang="fa" dir="rtl">تهران</span>, Tehran' in html
    assert "<dt>Registration number</dt>" in html
    persian = client.get(f"/ngos/{ngo.pk}/").content.decode()
    assert '<h1 class="h2" dir="auto">انجمن یاری</h1>' in persian
    assert (
        '<p class="lead mb-1 text-start" lang="en" dir="ltr">Yari Association</p>'
        in persian
    )


def test_the_directory_in_english_lists_english_names(client):
    NGOFactory(name="انجمن یاری", name_en="Yari Association")
    NGOFactory(name="خانه مهر", name_en="")
    html = client.get("/en/ngos/").content.decode()
    assert 'dir="auto">Yari Association</a>' in html
    assert 'lang="fa" dir="rtl">خانه مهر</a>' in html
