"""Status changes in the admin: one confirmation flow for every table of moves.

A ModelAdmin whose model has a status mixes in :class:`MovesAdminMixin` and
names its :class:`core.transitions.MoveTable` and how a move is applied (its
app's transition function). From the table it gets:

- a button on the change page for each move the staff member may make now;
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
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.l10n import localize_digits
from core.transitions import Move, MoveTable

ACTION_PREFIX = "move_"


class MoveForm(forms.Form):
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


class MovesAdminMixin:
    """See the module's docstring. Set ``move_table`` and ``apply_move``."""

    move_table: MoveTable
    move_form_class = MoveForm
    # The confirmation page; one template for every model.
    move_template = "admin/confirm_move.html"

    def apply_move(self, request, obj, move: Move, data: dict) -> None:
        """Make ``move`` on ``obj`` through the app's transition function.

        ``data`` is the confirmation form's cleaned data. Raise
        ``TransitionError`` (or another ``ValidationError``) to refuse.
        """
        raise NotImplementedError

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

    def status_of(self, obj) -> str:
        return getattr(obj, self.move_table.field)

    def available_moves(self, request, obj) -> list[Move]:
        """The moves ``request.user`` may make on ``obj`` now."""
        return self.move_table.available(self.status_of(obj), request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context["moves"] = [
                {"move": move, "url": self.move_url(obj, move.action)}
                for move in self.available_moves(request, obj)
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    # Bulk actions -------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action in self.move_table.actions():
            moves = [move for move in self.move_table if move.action == action]
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

        Objects the action cannot move now (another status, or a role that
        may not) are listed as such and left alone.
        """
        template_move = self._move_for_page(request, objects, action)
        form = self.move_form_class(
            request.POST if "apply" in request.POST else None, move=template_move
        )
        if form.is_bound and form.is_valid():
            done, refused = self._apply_all(request, objects, action, form)
            self._report(request, template_move, done, refused)
            if refused and not done and len(objects) == 1:
                form.add_error(None, refused[0][1])
            elif len(objects) == 1:
                return HttpResponseRedirect(self._change_url(objects[0]))
            else:
                return HttpResponseRedirect(self._changelist_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": template_move.label,
            "move": template_move,
            "action_name": ACTION_PREFIX + action,
            "rows": [
                {
                    "object": obj,
                    "url": self._change_url(obj),
                    "source": self.move_table.label(self.status_of(obj)),
                    "movable": self._movable(request, obj, action) is not None,
                }
                for obj in objects
            ],
            "target": self.move_table.label(template_move.target),
            "form": form,
            "changelist_url": self._changelist_url(),
        }
        return TemplateResponse(request, self.move_template, context)

    def _movable(self, request, obj, action: str) -> Move | None:
        move = self.move_table.by_action(action, self.status_of(obj))
        if move is None or not move.allowed_for(request.user):
            return None
        return move

    def _move_for_page(self, request, objects, action: str) -> Move:
        """The move the page describes: that of the first object that can make it."""
        for obj in objects:
            move = self._movable(request, obj, action)
            if move is not None:
                return move
        moves = [move for move in self.move_table if move.action == action]
        if not moves or not any(move.allowed_for(request.user) for move in moves):
            raise PermissionDenied
        return moves[0]

    def _apply_all(self, request, objects, action, form):
        done, refused = 0, []
        for obj in objects:
            move = self._movable(request, obj, action)
            if move is None:
                refused.append(
                    (
                        obj,
                        ValidationError(
                            gettext("This is %(status)s now; it cannot be moved so.")
                            % {"status": self.move_table.label(self.status_of(obj))}
                        ),
                    )
                )
                continue
            try:
                self.apply_move(request, obj, move, form.cleaned_data)
            except ValidationError as error:
                refused.append((obj, error))
            except PermissionDenied:
                refused.append((obj, ValidationError(gettext("Not allowed."))))
            else:
                done += 1
        return done, refused

    def _report(self, request, move: Move, done: int, refused: list) -> None:
        if done:
            message = move.done or ngettext(
                "%(count)s changed to “%(status)s”.",
                "%(count)s changed to “%(status)s”.",
                done,
            ) % {
                "count": localize_digits(done),
                "status": self.move_table.label(move.target),
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
