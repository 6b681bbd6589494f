"""Django's own messages read as proper Persian, with Persian digits, where
users and staff meet them (the site's catalogue overrides Django's; see
core/django_messages.py)."""

import re

import pytest
from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, UserCreationForm
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from core import roles
from tests.factories import MeetingFactory
from tests.ngos.test_views import registration_data

pytestmark = pytest.mark.django_db

LATIN_DIGITS = set("0123456789")


def messages_of(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.messages


def test_password_rules_in_persian_with_persian_digits():
    errors = " ".join(messages_of(lambda: validate_password("1234")))
    assert "این گذرواژه کوتاه است: باید دست‌کم ۸ نویسه داشته باشد." in errors
    assert "این گذرواژه فقط از رقم ساخته شده است" in errors
    assert "این گذرواژه بسیار رایج است" in errors
    assert "کلا عدد" not in errors
    assert "This password" not in errors
    assert not LATIN_DIGITS & set(errors)
    help_html = password_validators_help_text_html()
    assert "دست‌کم ۸ نویسه" in help_html
    assert not LATIN_DIGITS & set(help_html)


def test_password_rules_stay_english_with_latin_digits_in_english():
    with translation.override("en"):
        errors = " ".join(messages_of(lambda: validate_password("1234")))
    assert "at least 8 characters" in errors


def test_a_password_too_like_the_name_says_so_in_persian():
    user = User(username="leila", first_name="leilamohammadi")
    errors = " ".join(messages_of(lambda: validate_password("leilamohammadi", user)))
    assert "این گذرواژه به نام بسیار نزدیک است" in errors


def test_the_confirmation_field_asks_for_the_same_password_not_the_old_one():
    for form in (UserCreationForm(), AdminPasswordChangeForm(User())):
        help_text = str(form.fields["password2"].help_text)
        assert help_text == "برای اطمینان، همان گذرواژه را دوباره بنویسید."
        assert "قبلی" not in help_text


def test_an_invalid_email_address_says_rayanameh():
    (error,) = messages_of(lambda: forms.EmailField().clean("leila@"))
    assert "رایانامه" in error
    assert "ایمیل" not in error


def test_a_too_long_text_counts_in_persian_digits(client):
    response = client.post(
        reverse("ngos:register"), registration_data(description="ی" * 5001)
    )
    (error,) = response.context["form"].errors["description"]
    assert error == "این متن باید حداکثر ۵۰۰۰ نویسه باشد (اکنون ۵۰۰۱ نویسه است)."


def test_a_short_password_on_the_registration_form_is_refused_in_persian(client):
    response = client.post(
        reverse("ngos:register"),
        registration_data(password1="K-1", password2="K-1"),
    )
    errors = " ".join(response.context["form"].errors["password1"])
    assert "باید دست‌کم ۸ نویسه داشته باشد" in errors


def test_file_sizes_in_persian():
    assert "کیلوبایت" in filesizeformat(2048)
    assert "KB" not in filesizeformat(2048)


# The admin -----------------------------------------------------------------------


def test_the_delete_selected_action_and_the_count_read_as_persian(client, superuser):
    MeetingFactory.create_batch(3)
    client.force_login(superuser)
    html = client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert "حذف موارد انتخاب‌شده از جلسه‌ها" in html
    assert "لغو جلسه: موارد انتخاب‌شده از جلسه‌ها" in html
    assert "های انتخاب شده" not in html
    assert "جلسه‌ها انتخاب‌شده" not in html
    assert re.search(r"۳ جلسه\s", html)
    assert "۳ جلسه‌ها" not in html


def test_the_count_keeps_the_plural_in_english(client, superuser):
    MeetingFactory.create_batch(3)
    client.force_login(superuser)
    with translation.override("en"):
        url = reverse("admin:meetings_meeting_changelist")
    html = client.get(url).content.decode()
    assert re.search(r"3 meetings\s", html)


def test_staff_groups_are_shown_by_their_persian_names(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "کارشناسان بررسی" in html
    assert ">Reviewers<" not in html
    user_page = client.get(
        reverse("admin:auth_user_change", args=[superuser.pk])
    ).content.decode()
    assert "کارشناسان بررسی" in user_page
    # The stored name is unchanged: code finds the group by it.
    assert Group.objects.filter(name=roles.REVIEWERS).exists()


def test_third_party_sections_have_persian_names(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:index")).content.decode()
    assert "تلاش‌های ورود" in html
    assert "ورود دومرحله‌ای" in html
    for english in (">Axes<", ">OTP_TOTP<", ">Otp_Totp<", "TOTP devices"):
        assert english not in html


def test_the_two_step_device_form_is_in_persian(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:otp_totp_totpdevice_add")).content.decode()
    assert "کلید رمز" in html
    assert "تعداد رقم‌های هر کد." in html
    assert "Identity" not in html
    assert "Configuration" not in html
    assert "The time step in seconds." not in html


def test_the_admin_user_page_says_reset_password_in_persian(client, superuser):
    client.force_login(superuser)
    html = client.get(
        reverse("admin:auth_user_change", args=[superuser.pk])
    ).content.decode()
    assert "تعیین گذرواژهٔ تازه" in html
    assert "Reset password" not in html


def readable(script: str) -> str:
    """The JavaScript catalogue with its \\u escapes written out."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match[1], 16)), script)


def test_the_admins_javascript_catalogue_serves_our_persian(client, superuser):
    """The two-list selector of groups and permissions is written by
    Django's JavaScript, translated by the djangojs catalogue."""
    client.force_login(superuser)
    script = readable(client.get(reverse("admin:jsi18n")).content.decode())
    assert (
        '"Choose %s by selecting them and then select the \\"Choose\\" arrow button.": '
        '"%s را انتخاب کنید و سپس دکمهٔ پیکان «انتخاب» را بزنید."'
    ) in script


def test_permissions_are_shown_in_persian(client, superuser):
    from django.contrib.auth.models import Permission

    add_group = Permission.objects.get(codename="add_group")
    assert str(add_group) == "کاربران و دسترسی‌ها | افزودن گروه"
    verify = Permission.objects.get(codename="verify_ngo")
    assert "Can verify" not in str(verify)
    client.force_login(superuser)
    html = client.get(
        reverse("admin:auth_user_change", args=[superuser.pk])
    ).content.decode()
    assert "افزودن گروه" in html
    assert "Can add group" not in html


def test_sign_in_records_are_named_in_persian(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:index")).content.decode()
    assert "تلاش‌های ناموفق ورود" in html
    assert "گزارش ورودها" in html
    assert "تلاش‌های دسترسی" not in html


def test_the_group_selector_speaks_persian_in_the_admins_script(client, superuser):
    client.force_login(superuser)
    script = readable(client.get(reverse("admin:jsi18n")).content.decode())
    assert '"Chosen %s": "%sی انتخاب‌شده"' in script
    assert '"Filter": "پالایش"' in script


def test_the_sign_in_box_asks_for_the_mobile_number(client):
    html = client.get(reverse("login")).content.decode()
    assert "شماره همراه یا نام کاربری" in html


def test_the_admins_messages_count_in_persian_digits(client, superuser):
    meetings = MeetingFactory.create_batch(3)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:meetings_meeting_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [m.pk for m in meetings],
            "post": "yes",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "۳ مورد از جلسه‌ها حذف شد." in html


def test_message_digits_leave_links_and_entities_alone():
    from django.utils.html import format_html

    from core.templatetags.persian import message_digits

    message = format_html(
        'The meeting “<a href="/admin/meetings/meeting/12/change/">{}</a>” was changed 3 times.',
        "Tom's 2nd",
    )
    assert message_digits(message) == (
        'The meeting “<a href="/admin/meetings/meeting/12/change/">Tom&#x27;s ۲nd</a>” '
        "was changed ۳ times."
    )
    with translation.override("en"):
        assert message_digits("3 items") == "3 items"
