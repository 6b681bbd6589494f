"""The moves of an NGO's status: who verifies, rejects, suspends, reinstates.

:func:`ngos.services.change_ngo_status` checks every change against
:data:`NGO_MOVES`; the admin's buttons, confirmation pages and bulk actions
are made from it, and the README prints it. Verifying also needs a basis
(the document or check it rests on): that rule is on another field, so the
transition function states it.
"""

from django.utils.translation import gettext_lazy as _

from core.transitions import STAFF, Move, MoveTable
from ngos.models import NGO

Status = NGO.Status

VERIFY = "ngos.verify_ngo"

NGO_MOVES = MoveTable(
    model="ngos.NGO",
    field="status",
    choices=Status,
    moves=[
        Move(
            action="verify",
            source=Status.PENDING,
            target=Status.VERIFIED,
            label=_("Verify"),
            question=_(
                "Verify this NGO? It appears in the public directory, and its "
                "representatives are approved to act for it."
            ),
            done=_("The NGO is verified."),
            side=STAFF,
            permission=VERIFY,
        ),
        Move(
            action="reject",
            source=Status.PENDING,
            target=Status.REJECTED,
            label=_("Reject"),
            question=_("Reject this application? The NGO is told the reason."),
            done=_("The application is rejected."),
            side=STAFF,
            permission=VERIFY,
            reason_required=True,
        ),
        Move(
            action="suspend",
            source=Status.VERIFIED,
            target=Status.SUSPENDED,
            label=_("Suspend"),
            question=_(
                "Suspend this NGO? It leaves the public directory and cannot "
                "send proposals until it is reinstated. The NGO is told the "
                "reason."
            ),
            done=_("The NGO is suspended."),
            side=STAFF,
            permission=VERIFY,
            reason_required=True,
        ),
        Move(
            action="reinstate",
            source=Status.SUSPENDED,
            target=Status.VERIFIED,
            label=_("Reinstate"),
            question=_(
                "Reinstate this NGO? It is verified again and back in the "
                "public directory. The NGO is told the reason."
            ),
            done=_("The NGO is reinstated."),
            side=STAFF,
            permission=VERIFY,
            reason_required=True,
        ),
    ],
)
