import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db

STAFF = {
    "reviewer": "Reviewers",
    "registrar": "Registry officers",
    "secretary": "Meeting secretaries",
}


def load(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_demo_accounts_with_a_given_password():
    output = load("--password", "training-pass-1")
    for username, group in STAFF.items():
        user = User.objects.get(username=username)
        assert user.is_staff
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert authenticate(username=username, password="training-pass-1") == user
        assert username in output
    assert User.objects.get(username="admin").is_superuser


def test_random_passwords_are_printed_and_work():
    output = load()
    line = next(
        line for line in output.splitlines() if line.strip().startswith("reviewer")
    )
    password = line.split()[1]
    assert len(password) >= 12
    assert authenticate(username="reviewer", password=password) is not None


def test_loading_twice_adds_nothing():
    load("--password", "p1-xxxxxxxx")
    counts = {model: model.objects.count() for model in [User]}
    load("--password", "p2-xxxxxxxx")
    assert {model: model.objects.count() for model in [User]} == counts
    assert authenticate(username="secretary", password="p2-xxxxxxxx") is not None
