"""E-mail from templates, in the recipient's language, never failing a request.

Notifications are sent after the change they report has been committed. If
the mail server is down, the change stands and the person who made it must
not see a server error; the failure is logged for the operators instead.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger("workgroup.mail")


def send_templated(
    template: str, context: dict, recipients: list[str], language: str
) -> bool:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and send them.

    Returns whether the message was handed to the mail server.
    """
    recipients = [address for address in recipients if address]
    if not recipients:
        return False
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, recipients)
    except (smtplib.SMTPException, OSError):
        logger.exception("could not send %s to %s", template, recipients)
        return False
    return True
