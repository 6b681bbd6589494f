import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import User

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def test_admin_index_in_persian(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "میز کار کارکنان وزارتخانه" in response.content.decode()


def test_user_list_shows_jalali_dates(client, superuser):
    superuser.last_login = datetime.datetime(2018, 1, 8, 10, 0, tzinfo=TEHRAN)
    superuser.save()
    client.force_login(superuser)
    # force_login moves last_login to now; set it back for the assertion.
    User.objects.filter(pk=superuser.pk).update(
        last_login=datetime.datetime(2018, 1, 8, 10, 0, tzinfo=TEHRAN)
    )
    html = client.get("/admin/auth/user/").content.decode()
    assert "۱۳۹۶/۱۰/۱۸ ۱۰:۰۰" in html


def test_jalali_year_filter_splits_at_nowruz(client, superuser):
    UserFactory(
        username="esfand", date_joined=datetime.datetime(2018, 3, 20, 12, tzinfo=TEHRAN)
    )
    UserFactory(
        username="farvardin",
        date_joined=datetime.datetime(2018, 3, 21, 0, 30, tzinfo=TEHRAN),
    )
    client.force_login(superuser)
    in_1396 = client.get("/admin/auth/user/", {"date_joined__jyear": "1396"})
    in_1397 = client.get("/admin/auth/user/", {"date_joined__jyear": "1397"})
    usernames_1396 = {user.username for user in in_1396.context["cl"].result_list}
    usernames_1397 = {user.username for user in in_1397.context["cl"].result_list}
    assert "esfand" in usernames_1396
    assert "farvardin" not in usernames_1396
    assert "farvardin" in usernames_1397
    assert "esfand" not in usernames_1397


def test_jalali_year_filter_offers_years_present_newest_first(client, superuser):
    UserFactory(
        username="old", date_joined=datetime.datetime(2018, 1, 8, tzinfo=TEHRAN)
    )
    client.force_login(superuser)
    response = client.get("/admin/auth/user/")
    html = response.content.decode()
    newest = html.index("?date_joined__jyear=14")
    oldest = html.index("?date_joined__jyear=1396")
    assert newest < oldest


def test_jalali_year_filter_with_a_bad_value_does_not_fail(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/auth/user/", {"date_joined__jyear": "abc"})
    assert response.status_code == 302
    assert "e=1" in response["Location"]


def test_admin_date_input_is_jalali(client, superuser):
    client.force_login(superuser)
    user = UserFactory(
        username="someone",
        date_joined=datetime.datetime(2018, 1, 8, 10, 0, tzinfo=TEHRAN),
    )
    html = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert 'value="۱۳۹۶/۱۰/۱۸"' in html
    assert "vDateField" not in html


def test_admin_saves_a_jalali_date_typed_in_persian_digits(client, superuser):
    client.force_login(superuser)
    user = UserFactory(username="someone")
    data = {
        "username": "someone",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "۱۳۹۶/۱۰/۱۸",
        "date_joined_1": "۱۰:۰۰",
        "initial-date_joined_0": "",
        "initial-date_joined_1": "",
        "last_login_0": "",
        "last_login_1": "",
    }
    response = client.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.date_joined == datetime.datetime(2018, 1, 8, 10, 0, tzinfo=TEHRAN)


def test_admin_refuses_an_impossible_jalali_date_with_a_message(client, superuser):
    client.force_login(superuser)
    user = UserFactory(username="someone")
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "someone",
            "date_joined_0": "1400/12/30",
            "date_joined_1": "10:00",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "۱۴۰۰/۱۲/۳۰ وجود ندارد" in html
    assert 'value="1400/12/30"' in html


def test_inputs_of_tabular_inlines_are_named_after_their_column(client, secretary):
    client.force_login(secretary)
    html = client.get("/admin/meetings/meeting/add/").content.decode()
    assert (
        '<input type="text" name="agenda_items-0-title" class="vTextField" '
        'maxlength="300" aria-label="عنوان" id="id_agenda_items-0-title">'
    ) in html
    assert (
        '<select name="participants-0-role" aria-label="نقش در جلسه" '
        'id="id_participants-0-role">'
    ) in html


def test_the_admin_search_box_has_a_translated_label(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/auth/user/").content.decode()
    assert '<span class="visually-hidden">جست‌وجو</span></label>' in html
    assert 'alt="Search"' not in html


def test_the_staff_sign_in_page_has_a_level_one_heading(client):
    html = client.get("/admin/login/").content.decode()
    assert "<h1>ورود کارکنان</h1>" in html


def test_read_only_dates_on_change_pages_are_jalali(client, superuser):
    from tests.factories import NGOFactory

    ngo = NGOFactory()
    NGOFactory._meta.model.objects.filter(pk=ngo.pk).update(
        created_at=datetime.datetime(2018, 1, 8, 10, 0, tzinfo=TEHRAN),
        verified_at=datetime.datetime(2018, 1, 9, 10, 0, tzinfo=TEHRAN),
    )
    client.force_login(superuser)
    html = client.get(f"/admin/ngos/ngo/{ngo.pk}/change/").content.decode()
    assert "۱۳۹۶/۱۰/۱۸ ۱۰:۰۰" in html
    assert "۱۳۹۶/۱۰/۱۹ ۱۰:۰۰" in html
    assert "2018" not in html


def test_the_row_checkbox_is_django_s_markup_written_directly(settings):
    """The changelist's checkbox, without a template per row, is unchanged."""
    from django.contrib import admin as django_admin
    from django.utils import translation

    from core.admin_site import ModelAdmin
    from ngos.models import NGO

    ngo = NGO(pk=7, name='انجمن "مهر" & <امید>')
    ours = ModelAdmin(NGO, django_admin.site)
    django_s = django_admin.ModelAdmin(NGO, django_admin.site)
    with translation.override("en"):
        assert ours.action_checkbox(ngo) == django_s.action_checkbox(ngo)
    # Django has no Persian for the checkbox's label; we do.
    with translation.override("fa"):
        assert ours.action_checkbox(ngo) == (
            '<input type="checkbox" name="_selected_action" value="7" '
            'class="action-select" aria-label="انتخاب این مورد برای یک کار - '
            'انجمن &quot;مهر&quot; &amp; &lt;امید&gt;">'
        )


def test_admin_text_areas_have_a_maximum_length(rf, superuser):
    from django.contrib import admin

    from core.admin_site import ADMIN_TEXT_MAX_LENGTH
    from ngos.models import NGO

    request = rf.get("/")
    request.user = superuser
    form = admin.site._registry[NGO].get_form(request)()
    assert form.fields["description"].max_length == ADMIN_TEXT_MAX_LENGTH
    assert f'maxlength="{ADMIN_TEXT_MAX_LENGTH}"' in str(form["description"])
