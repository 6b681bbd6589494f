"""One table of moves for each status: the only statement of its rules.

Every model with a status (an NGO, a proposal, a meeting, its minutes, a
decision or action item) has one :class:`MoveTable`: each legal move from one
status to another, who may make it and whether a reason is required. The
app's single transition function checks every change against its table
(:meth:`MoveTable.check`); the admin's buttons and confirmation pages list
the moves the table offers (:meth:`MoveTable.available`), and the README's
tables of moves are printed from it (:meth:`MoveTable.markdown`), so no
second copy of a rule exists anywhere.

What a table does not say stays in the transition function: conditions on
other fields (a meeting cannot be held before it starts, a proposal needs its
required fields to be submitted).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Who makes a move: ministry staff in the admin, or an NGO's representative on
# the site. A staff move also needs its ``permission``.
STAFF = "staff"
NGO = "ngo"

# The refusal of a move made without its required reason; forms that ask for
# the reason say the same when it is left empty.
REASON_REQUIRED = _("Give a reason: it is kept in the history.")


class TransitionError(ValidationError):
    """A move that is not allowed now, with a message for the person acting.

    Raised by every transition function, never a server error: views and the
    admin show its message and keep what the user typed.
    """


@dataclass(frozen=True)
class Move:
    """One legal move: ``source`` → ``target``, made by ``action``.

    The same action may leave several statuses (withdrawing a draft, a
    submitted proposal or one with changes requested), one ``Move`` each.
    Two moves may join the same two statuses when each is another side's
    (an NGO withdraws its proposal; staff withdraw it, with a reason): the
    side of the person acting tells them apart.
    """

    action: str
    source: str
    target: str
    # The button that makes the move, and the question its confirmation asks.
    label: str | Promise
    question: str | Promise = ""
    # What the person is told once the move is made.
    done: str | Promise = ""
    side: str = STAFF
    # "app_label.codename"; a staff move without one is refused.
    permission: str = ""
    reason_required: bool = False

    def allowed_for(self, user) -> bool:
        """Whether ``user``'s role may make the move (not: whether it is legal now).

        Moves of the NGO side are for representatives, whom the app's transition
        function checks against the object's NGO; here they are only refused to
        staff, who never act for an NGO.
        """
        if not user.is_authenticated or not user.is_active:
            return False
        if self.side == NGO:
            return not user.is_staff
        return (
            user.is_staff and bool(self.permission) and user.has_perm(self.permission)
        )


class MoveTable:
    """The moves of one status field of one model."""

    def __init__(self, *, model: str, field: str, choices, moves: Iterable[Move]):
        self.model = model  # "app_label.ModelName", for messages and the README
        self.field = field
        self.choices = choices  # the field's TextChoices
        self.moves = tuple(moves)
        seen = set()
        for move in self.moves:
            key = (move.source, move.target, move.side)
            if key in seen:
                raise ValueError(f"{model}.{field}: two moves {key}")
            seen.add(key)
            for status in key[:2]:
                if status not in choices.values:
                    raise ValueError(f"{model}.{field}: unknown status {status!r}")

    def __iter__(self):
        return iter(self.moves)

    def find(self, source: str, target: str, side: str | None = None) -> Move | None:
        """The move from ``source`` to ``target`` (of ``side``, if given)."""
        for move in self.moves:
            if (move.source, move.target) == (source, target) and side in (
                None,
                move.side,
            ):
                return move
        return None

    def by_action(self, action: str, source: str) -> Move | None:
        """The move ``action`` makes from ``source``, if it may."""
        for move in self.moves:
            if move.action == action and move.source == source:
                return move
        return None

    def actions(self) -> list[str]:
        """Every action of the table, once each, in the table's order."""
        return list(dict.fromkeys(move.action for move in self.moves))

    def first(self, action: str) -> Move:
        """The first move of ``action``: its label, question and rules."""
        for move in self.moves:
            if move.action == action:
                return move
        raise KeyError(action)

    def available(self, source: str, user=None, *, side: str | None = None):
        """The moves from ``source``, for ``user``'s role and ``side`` if given."""
        return [
            move
            for move in self.moves
            if move.source == source
            and (side is None or move.side == side)
            and (user is None or move.allowed_for(user))
        ]

    def label(self, status: str) -> str:
        return self.choices(status).label

    # Named groups of statuses, derived from the moves so that no group is
    # ever listed by hand beside the table. Each returns the statuses in the
    # order of the field's choices, as a tuple (usable in a model's Meta).

    def sources(self, *, besides=(), **match) -> tuple:
        """The statuses left by a move whose attributes equal ``match``, other
        than the moves of the actions ``besides``.

        ``sources(side=NGO)``: where the next move may be the NGO's.
        """
        moves = self._matching(match, besides)
        return self._in_order(move.source for move in moves)

    def targets(self, *, besides=(), **match) -> tuple:
        """The statuses reached by a move whose attributes equal ``match``,
        other than the moves of the actions ``besides``."""
        moves = self._matching(match, besides)
        return self._in_order(move.target for move in moves)

    def terminal(self) -> tuple:
        """The statuses no move leaves."""
        left = {move.source for move in self.moves}
        return tuple(status for status in self.choices if status not in left)

    def reachable(self, status: str) -> tuple:
        """``status`` and every status some sequence of moves leads to from it."""
        seen, todo = {status}, [status]
        while todo:
            source = todo.pop()
            for move in self.moves:
                if move.source == source and move.target not in seen:
                    seen.add(move.target)
                    todo.append(move.target)
        return self._in_order(seen)

    def _matching(self, match: dict, besides=()) -> list[Move]:
        return [
            move
            for move in self.moves
            if move.action not in besides
            and all(getattr(move, name) == value for name, value in match.items())
        ]

    def _in_order(self, statuses) -> tuple:
        wanted = set(statuses)
        return tuple(status for status in self.choices if status in wanted)

    def check(self, *, source: str, target: str, actor, reason: str = "") -> Move:
        """The move from ``source`` to ``target`` by ``actor``, or a refusal.

        Raises :class:`TransitionError` for a move the table does not have or a
        missing reason, and ``PermissionDenied`` when ``actor``'s role may not
        make it. Returns the move, whose ``reason_required`` the caller has seen
        honoured. Where each side has a move between the two statuses, the
        one ``actor``'s role may make is checked.
        """
        moves = [
            move
            for move in self.moves
            if (move.source, move.target) == (source, target)
        ]
        if not moves:
            raise TransitionError(
                _("This is %(from)s now; it cannot become %(to)s."),
                code="illegal_transition",
                params={"from": self.label(source), "to": self.label(target)},
            )
        move = next((move for move in moves if move.allowed_for(actor)), None)
        if move is None:
            raise PermissionDenied
        if move.reason_required and not (reason or "").strip():
            raise TransitionError(REASON_REQUIRED, code="reason_required")
        return move

    def markdown(self) -> str:
        """The table as the README prints it (English, from the code)."""
        rows = [
            "| from | to | action | who | reason |",
            "|---|---|---|---|---|",
        ]
        with _english():
            for move in self.moves:
                who = move.permission if move.side == STAFF else "the NGO"
                rows.append(
                    f"| {self.label(move.source)} | {self.label(move.target)} "
                    f"| {move.action} | {who} "
                    f"| {'required' if move.reason_required else ''} |"
                )
        return "\n".join(rows)


def _english():
    from django.utils import translation

    return translation.override("en")
