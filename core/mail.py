"""E-mail from templates, in the recipient's language, never failing a request.

Notifications are sent after the change they report has been committed. If
the mail server is down, the change stands and the person who made it must
not see a server error; the failure is logged for the operators instead.

E-mail is plain text: templates are rendered without HTML escaping, or a
name like ``<Mehr> & "Omid"`` would arrive as ``&lt;Mehr&gt; &amp; …``.
"""

import logging
import smtplib
import threading

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connections
from django.template import Context, Engine
from django.utils import translation

logger = logging.getLogger("workgroup.mail")


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template, rendered without HTML escaping."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict) -> str:
    """A subject template as one line of plain text: a line break in a
    subject would be refused by the mail library."""
    return " ".join(render_text(template_name, context).split())


def send_templated(
    template: str,
    context: dict,
    recipients: list[str],
    language: str,
    attachments: list[tuple[str, bytes, str]] = (),
) -> bool:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and send them,
    with ``attachments`` (file name, content, MIME type), if any.

    Returns whether the message was handed to the mail server.
    """
    recipients = [address for address in recipients if address]
    if not recipients:
        return False
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = render_subject(f"{template}_subject.txt", context)
        body = render_text(f"{template}.txt", context)
    try:
        EmailMessage(
            subject, body, None, recipients, attachments=list(attachments)
        ).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("could not send %s to %s", template, recipients)
        return False
    return True


def send_in_background(send) -> threading.Thread:
    """Call ``send()`` on a thread of its own, in the current language.

    For mail whose sending must not show in the time of the answer: the
    password reset, which goes out only when the address belongs to an
    account. The thread is not a daemon, so a server process that stops
    gracefully sends what it has before it exits.
    """
    language = translation.get_language()

    def run():
        try:
            with translation.override(language):
                send()
        except Exception:
            logger.exception("could not send mail in the background")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="send-mail")
    thread.start()
    return thread
