"""Representatives sign in with their mobile number, whatever their username.

An applicant's username is the mobile number they registered with, but
accounts made by staff in the admin, or by the demo, have other usernames;
a representative is still told to sign in with their mobile number. The
number arrives already in one form (``09…``, see
``core.security.normalize_login_username``), whichever digits and spelling
were typed, so django-axes counts failures for the number, not for how it
was written.
"""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

_MOBILE = re.compile(r"09\d{9}")


class RepresentativeMobileBackend(ModelBackend):
    """Finds a representative's user by the representative's mobile number.

    Staff accounts are never found this way: staff sign in with their
    username on the admin's page. A number shared by two representatives
    signs in the one whose password it is.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None or not _MOBILE.fullmatch(username):
            return None
        users = list(
            get_user_model()
            .objects.filter(
                representative__mobile=username, is_staff=False, is_superuser=False
            )
            .exclude(username=username)  # the model backend has tried it
        )
        if not users:
            # As long as a wrong password takes, so that the time of the
            # answer does not tell whether the number belongs to anyone.
            get_user_model()().set_password(password)
            return None
        for user in users:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None
