"""The audit trail: one structured line per event that matters.

Sign-ins, failed sign-ins, lockouts, refusals, status changes and exports
are written to the ``workgroup.audit`` logger as JSON objects with the user,
the client address and the time, so that a log collector can keep and
search them. The request being served is remembered by the
``audit_context`` middleware, so services that know nothing of requests can
still say who asked from where.
"""

import contextvars
import json
import logging

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("workgroup.audit")

current_request = contextvars.ContextVar("audit_request", default=None)


class JsonLineFormatter(logging.Formatter):
    def format(self, record):
        payload = getattr(record, "audit", None) or {"message": record.getMessage()}
        return json.dumps(payload, ensure_ascii=False, default=str, sort_keys=True)


class RefusalFilter(logging.Filter):
    """Refused requests (4xx) make one log line, never a traceback.

    Django logs the exception behind a refusal (403 for PermissionDenied,
    400 for a bad request or a suspicious one such as a forged Host header)
    with its whole traceback: screens of stack for what is no fault of the
    site, and anyone can make it print them. A 403 is dropped, since the 403
    page already wrote its audit line (``permission.refused``); other
    refusals keep their one line without the traceback. Server errors
    (5xx) keep theirs.
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        error = record.exc_info[1] if record.exc_info else None
        if status == 403 and isinstance(error, PermissionDenied):
            return False
        record.exc_info = None
        record.exc_text = None
        return True


def log(event: str, *, request=None, user=None, **fields) -> dict:
    """Write one audit line; returns what was written (for tests)."""
    from core.security import client_ip

    request = request or current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    known = user is not None and user.is_authenticated
    entry = {
        "event": event,
        "at": timezone.now().isoformat(timespec="seconds"),
        "user": user.get_username() if known else None,
        "user_id": user.pk if known else None,
        "ip": client_ip(request) if request is not None else None,
        "path": request.path if request is not None else None,
        **fields,
    }
    logger.info(event, extra={"audit": entry})
    return entry


@receiver(user_logged_in, dispatch_uid="audit_logged_in")
def _logged_in(sender, request, user, **kwargs):
    log("login.succeeded", request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logged_out")
def _logged_out(sender, request, user, **kwargs):
    log("logout", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    from core.security import normalize_login_username

    log(
        "login.failed",
        request=request,
        user=None,
        username=normalize_login_username((credentials or {}).get("username", "")),
    )
