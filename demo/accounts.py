"""Demo accounts: the staff every role signs in with, and what the demos share.

``python manage.py load_demo`` creates the staff accounts here, then calls
``load(demo)`` of :mod:`demo.ngos`, :mod:`demo.meetings` and
:mod:`demo.proposals`, in the order the apps depend on each other, so a
later demo may use what an earlier one made (the NGOs' representatives,
the meetings at which proposals were presented). Every step is idempotent:
running the command again updates the same rows instead of adding more.
"""

import secrets
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User

from core import roles

STAFF_ACCOUNTS = [
    # username, group, role shown in the table
    ("reviewer", roles.REVIEWERS, "staff: reviewer"),
    # A decision needs two score sheets: the demo's decided proposals have
    # one from each reviewer.
    ("reviewer2", roles.REVIEWERS, "staff: second reviewer"),
    ("registrar", roles.REGISTRY_OFFICERS, "staff: registry officer"),
    ("secretary", roles.MEETING_SECRETARIES, "staff: meeting secretary"),
    ("callmanager", roles.CALL_MANAGERS, "staff: call manager"),
]


@dataclass
class DemoContext:
    """What the apps' demo loaders share: the accounts and their passwords."""

    password: str | None = None
    users: dict[str, User] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    def account(self, username: str, role: str, **fields) -> User:
        """Create or update the demo account ``username`` with a new password."""
        user, _created = User.objects.update_or_create(
            username=username, defaults=fields
        )
        password = self.password or secrets.token_urlsafe(9)
        user.set_password(password)
        user.save(update_fields=["password"])
        self.users[username] = user
        self.passwords[username] = password
        self.roles[username] = role
        return user


def create_staff_accounts(demo: DemoContext) -> None:
    for username, group_name, role in STAFF_ACCOUNTS:
        user = demo.account(
            username,
            role,
            is_staff=True,
            is_superuser=False,
            email=f"{username}@example.org",
        )
        user.groups.set([Group.objects.get(name=group_name)])
    demo.account(
        "admin",
        "superuser",
        is_staff=True,
        is_superuser=True,
        email="admin@example.org",
    )
