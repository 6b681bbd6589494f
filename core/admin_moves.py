"""Status changes in the admin: one confirmation flow for every table of moves.

A ModelAdmin whose model has a status mixes in :class:`MovesAdminMixin` and
names its :class:`core.transitions.MoveTable` (or several, one per status
field: a meeting's status and its minutes') and how a move is applied (its
app's transition function). From the tables it gets:

- a button on the change page for each move the staff member may make now,
  and a disabled one, saying why, for each move a rule refuses now;
- a confirmation page for each, at ``<pk>/move/<action>/``: GET asks (and
  changes nothing), POST applies; a reason is asked for where the table
  requires one;
- a bulk action on the list for each action, which leads to the same page
  for every selected row, like Django's own ``delete_selected``.

The object is always looked up through the ModelAdmin's own queryset
(``get_object``), so whatever the admin hides cannot be acted on either.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.forms import TextInputMixin
from core.l10n import localize_digits
from core.transitions import REASON_REQUIRED, Move, MoveTable

ACTION_PREFIX = "move_"


class MoveForm(TextInputMixin, forms.Form):
    """What a move asks of the staff member: a reason, where one is required.

    A ModelAdmin asks for more with a subclass (``move_form_class``); it gets
    the move in ``self.move`` to decide which fields apply.
    """

    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("kept in the history"),
    )

    def __init__(self, *args, move: Move, **kwargs):
        super().__init__(*args, **kwargs)
        self.move = move
        self.fields["reason"].required = move.reason_required
        self.fields["reason"].error_messages["required"] = REASON_REQUIRED


class MovesAdminMixin:
    """See the module's docstring. Set ``move_table`` and ``apply_move``."""

    move_table: MoveTable | None = None
    # Instead of ``move_table``, when the model has several status fields.
    # An action's name is its URL and its bulk action, so no two tables of
    # one ModelAdmin may share one (``check()`` says so at start-up).
    move_tables: tuple[MoveTable, ...] = ()
    move_form_class = MoveForm
    # The confirmation page; one template for every model.
    move_template = "admin/confirm_move.html"

    def apply_move(self, request, obj, move: Move, data: dict) -> None:
        """Make ``move`` on ``obj`` through the app's transition function.

        ``data`` is the confirmation form's cleaned data. Raise
        ``TransitionError`` (or another ``ValidationError``) to refuse.
        """
        raise NotImplementedError

    def move_context(self, request, objects: list, move: Move) -> dict:
        """More context for the confirmation page of ``move`` on ``objects``.

        A ModelAdmin shows the person confirming what the move rests on (the
        scores before a decision): ``extra_template`` names a template the
        page includes above its form, given the rest of this dict. ``{}``:
        nothing more.
        """
        return {}

    def move_refusal(self, obj, move: Move) -> ValidationError | None:
        """Why ``move`` cannot be made on ``obj`` now although its table has it.

        The transition function also enforces rules on other fields (only the
        minutes of a meeting that was held can be approved). A ModelAdmin
        that asks the app's services here shows such moves disabled, with
        this reason, and explains them on the confirmation page; the transition function
        still has the last word. ``None``: nothing known against it.
        """
        return None

    # Tables -------------------------------------------------------------------

    def get_move_tables(self) -> tuple[MoveTable, ...]:
        return self.move_tables or (self.move_table,)

    def table_for(self, action: str) -> MoveTable:
        """The table that has ``action``; 404 for an action no table has."""
        for table in self.get_move_tables():
            if action in table.actions():
                return table
        raise Http404

    def status_of(self, obj, table: MoveTable | None = None) -> str:
        return getattr(obj, (table or self.get_move_tables()[0]).field)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        seen = set()
        for table in self.get_move_tables():
            for action in table.actions():
                if action in seen:
                    errors.append(
                        checks.Error(
                            f"Two tables of moves of {type(self).__name__} have "
                            f"the action {action!r}.",
                            hint="Name each table's actions differently.",
                            obj=type(self),
                            id="core.E001",
                        )
                    )
                seen.add(action)
        return errors

    # URLs and buttons ---------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/move/<str:action>/",
                self.admin_site.admin_view(self.move_view),
                name="{}_{}_move".format(*info),
            ),
            *super().get_urls(),
        ]

    def move_url(self, obj, action: str) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_move".format(*info), args=[obj.pk, action])

    def offered_moves(self, request, obj) -> list[tuple[Move, ValidationError | None]]:
        """Each move ``request.user``'s role may make on ``obj`` in its status,
        with why it cannot be made now (``move_refusal``) or ``None``."""
        return [
            (move, self.move_refusal(obj, move))
            for table in self.get_move_tables()
            for move in table.available(self.status_of(obj, table), request.user)
        ]

    def available_moves(self, request, obj) -> list[Move]:
        """The moves ``request.user`` may make on ``obj`` now."""
        return [
            move
            for move, refusal in self.offered_moves(request, obj)
            if refusal is None
        ]

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # Here rather than in change_view: Django has looked the object up.
        # A move the table offers but a rule refuses now is shown disabled,
        # with why, rather than missing without a word.
        if obj is not None and obj.pk is not None:
            context["moves"] = [
                {
                    "move": move,
                    "url": self.move_url(obj, move.action),
                    "refusal": " ".join(refusal.messages) if refusal else "",
                }
                for move, refusal in self.offered_moves(request, obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Bulk actions -------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        for table in self.get_move_tables():
            for action in table.actions():
                moves = [move for move in table if move.action == action]
                if not any(move.allowed_for(request.user) for move in moves):
                    continue
                name = ACTION_PREFIX + action
                description = gettext("%(action)s: the selected %(objects)s") % {
                    "action": moves[0].label,
                    "objects": self.opts.verbose_name_plural,
                }
                actions[name] = (self._bulk_action(action), name, description)
        return actions

    def _bulk_action(self, action: str):
        def bulk(modeladmin, request, queryset):
            return modeladmin.confirm_moves(request, list(queryset), action)

        return bulk

    # The confirmation page ----------------------------------------------------

    def move_view(self, request, object_id, action):
        """One object's move: GET asks, POST applies."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return self.confirm_moves(request, [obj], action)

    def confirm_moves(self, request, objects: list, action: str):
        """Ask to confirm ``action`` on ``objects``, and apply it when confirmed.

        Objects the action cannot move now (another status, a role that may
        not, a rule on other fields) are listed as such and left alone. When
        the one object of the page is refused, the page says why and keeps
        what was typed.
        """
        table = self.table_for(action)
        page_move = self._move_for_page(request, objects, action)
        form = self.move_form_class(
            request.POST if "apply" in request.POST else None, move=page_move
        )
        if form.is_bound and form.is_valid():
            done, refused = self._apply_all(request, objects, action, form)
            if len(objects) == 1 and refused:
                _show_refusal(form, refused[0][1])
            else:
                self._report(request, page_move, done, refused)
                if len(objects) == 1:
                    return HttpResponseRedirect(self._change_url(objects[0]))
                return HttpResponseRedirect(self._changelist_url())
        rows = []
        for obj in objects:
            move, refusal = self._movable(request, obj, action)
            rows.append(
                {
                    "object": obj,
                    "url": self._change_url(obj),
                    "source": table.label(self.status_of(obj, table)),
                    "movable": move is not None,
                    "refusal": " ".join(refusal.messages) if refusal else "",
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": page_move.label,
            "move": page_move,
            "action_name": ACTION_PREFIX + action,
            "rows": rows,
            # Nothing selected can be moved now: the button is disabled.
            "any_movable": any(row["movable"] for row in rows),
            "target": table.label(page_move.target),
            "form": form,
            "changelist_url": self._changelist_url(),
            **self.move_context(request, objects, page_move),
        }
        return TemplateResponse(request, self.move_template, context)

    def _movable(self, request, obj, action: str):
        """``(move, None)`` when ``request.user`` may make ``action`` on ``obj``
        now; else ``(None, why not)``, why not being ``None`` when the status
        does not have the action at all (the page shows the status)."""
        table = self.table_for(action)
        move = table.by_action(action, self.status_of(obj, table))
        if move is None:
            return None, None
        if not move.allowed_for(request.user):
            return None, ValidationError(gettext("Not allowed."))
        refusal = self.move_refusal(obj, move)
        if refusal is not None:
            return None, refusal
        return move, None

    def _move_for_page(self, request, objects, action: str) -> Move:
        """The move the page describes: that of the first object that can make it."""
        table = self.table_for(action)
        for obj in objects:
            move = table.by_action(action, self.status_of(obj, table))
            if move is not None and move.allowed_for(request.user):
                return move
        moves = [move for move in table if move.action == action]
        if not any(move.allowed_for(request.user) for move in moves):
            raise PermissionDenied
        return moves[0]

    def _apply_all(self, request, objects, action, form):
        done, refused = [], []
        for obj in objects:
            move, refusal = self._movable(request, obj, action)
            if move is None:
                refused.append((obj, refusal or self._elsewhere(obj, action)))
                continue
            try:
                self.apply_move(request, obj, move, form.cleaned_data)
            except ValidationError as error:
                refused.append((obj, error))
            except PermissionDenied:
                refused.append((obj, ValidationError(gettext("Not allowed."))))
            else:
                done.append(obj)
                self.log_move(request, obj, move)
        return done, refused

    def log_move(self, request, obj, move: Move) -> None:
        """A line in the admin's log (the front page's "recent actions" and
        the object's history page), besides the app's own history."""
        self.log_change(
            request,
            obj,
            gettext("%(action)s (now “%(status)s”)")
            % {
                "action": move.label,
                "status": self.table_for(move.action).label(move.target),
            },
        )

    def _elsewhere(self, obj, action: str) -> ValidationError:
        table = self.table_for(action)
        return ValidationError(
            gettext("This is %(status)s now; it cannot be moved so.")
            % {"status": table.label(self.status_of(obj, table))}
        )

    def _report(self, request, move: Move, done: list, refused: list) -> None:
        if len(done) == 1 and move.done:
            self.message_user(request, move.done, messages.SUCCESS)
        elif done:
            message = ngettext(
                "%(count)s changed to “%(status)s”.",
                "%(count)s changed to “%(status)s”.",
                len(done),
            ) % {
                "count": localize_digits(len(done)),
                "status": self.table_for(move.action).label(move.target),
            }
            self.message_user(request, message, messages.SUCCESS)
        for obj, error in refused:
            self.message_user(
                request, f"{obj}: {' '.join(error.messages)}", messages.ERROR
            )

    def _change_url(self, obj) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_change".format(*info), args=[obj.pk])

    def _changelist_url(self) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_changelist".format(*info))


def _show_refusal(form, error: ValidationError) -> None:
    """Put a refusal on the form: next to its field when it names one."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)
