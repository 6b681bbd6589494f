"""The moves of an NGO's status: who verifies, rejects, suspends, reinstates.

:func:`ngos.services.change_ngo_status` checks every change against
:data:`NGO_MOVES`; the admin's buttons, confirmation pages and bulk actions
are made from it, and the README prints it. Verifying also needs a basis
(the document or check it rests on): that rule is on another field, so the
transition function states it.
"""

from django.utils.translation import gettext_lazy as _

from core.transitions import NGO as NGO_SIDE
from core.transitions import STAFF, Move, MoveTable
from ngos.models import NGO, NGOChangeRequest

Status = NGO.Status
RequestStatus = NGOChangeRequest.Status

VERIFY = "ngos.verify_ngo"
DECIDE_CHANGE = "ngos.decide_change_request"

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

# A representative's request to change the NGO's details: a registry officer
# approves it (the NGO changes, and its history says so) or rejects it with a
# reason the representative reads; the representative may withdraw it while
# it waits. See ngos.services.decide_change_request.
CHANGE_REQUEST_MOVES = MoveTable(
    model="ngos.NGOChangeRequest",
    field="status",
    choices=RequestStatus,
    moves=[
        Move(
            action="approve",
            source=RequestStatus.PENDING,
            target=RequestStatus.APPROVED,
            label=_("Approve the changes"),
            question=_(
                "Approve these changes? The NGO's details are changed as "
                "requested, and its history records it."
            ),
            done=_("The changes are approved and applied."),
            side=STAFF,
            permission=DECIDE_CHANGE,
        ),
        Move(
            action="reject",
            source=RequestStatus.PENDING,
            target=RequestStatus.REJECTED,
            label=_("Reject the changes"),
            question=_(
                "Reject these changes? The NGO's details stay as they are; "
                "the representative reads the reason."
            ),
            done=_("The changes are rejected."),
            side=STAFF,
            permission=DECIDE_CHANGE,
            reason_required=True,
        ),
        Move(
            action="withdraw",
            source=RequestStatus.PENDING,
            target=RequestStatus.WITHDRAWN,
            label=_("Withdraw the request"),
            question=_("Withdraw this request? Nothing is changed."),
            done=_("Your request is withdrawn."),
            side=NGO_SIDE,
        ),
    ],
)
