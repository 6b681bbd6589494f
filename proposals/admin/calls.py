"""Calls for proposals in the admin, for the Call managers group.

A change that moves the goal posts once proposals exist (an earlier closing
moment, a lower ceiling) needs a reason: the form's "reason" field becomes
required, and the change and its reason are kept in the call's history
(``proposals.CallEvent``, append-only).
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_site import ModelAdmin, NoDeletionMixin, TabularInline
from core.jalali import format_short_datetime
from core.l10n import format_number, localize_digits
from proposals import calls, review
from proposals.admin.call_scores import CallScoresExportMixin
from proposals.admin.inlines import ReadOnlyInline
from proposals.models import Call, CallEvent, Criterion, Score, add_default_rubric


class CallAdminForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("reason for the change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed when proposals have answered the call and you close it "
            "earlier or lower its ceiling; kept in the call's history."
        ),
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "title_en",
            "description",
            "description_en",
            "focus_areas",
            "only_matching_focus_areas",
            "provinces",
            "only_matching_provinces",
            "opens_at",
            "closes_at",
            "ceiling_rials",
            "envelope_rials",
            "launched_at_meeting",
            "launched_by_decision",
            "min_score_sheets",
        ]

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if not self.instance.is_standing and "closes_at" in cleaned and not closes_at:
            self.add_error("closes_at", _("A call needs the moment it closes."))
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("A call closes after it opens."))
        decision = cleaned.get("launched_by_decision")
        meeting = cleaned.get("launched_at_meeting")
        if decision and meeting and decision.meeting_id != meeting.pk:
            self.add_error(
                "launched_by_decision",
                _("Choose a decision of the meeting that launched the call."),
            )
        self.goal_post_changes = []
        if self.instance.pk and not self.errors:
            self.goal_post_changes = calls.goal_post_changes(self.instance, cleaned)
            if self.goal_post_changes and not cleaned.get("reason", "").strip():
                self.add_error(
                    "reason",
                    forms.ValidationError(
                        _(
                            "Proposals have answered this call: say why you "
                            "%(changes)s."
                        ),
                        code="reason_required",
                        params={"changes": calls.describe(self.goal_post_changes)},
                    ),
                )
        return cleaned


class CallEventInline(ReadOnlyInline):
    model = CallEvent
    fields = ("when", "actor", "changes", "reason")
    readonly_fields = fields
    verbose_name_plural = _("history")

    @admin.display(description=_("at"))
    def when(self, obj):
        return format_short_datetime(obj.at)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "call")


class CriterionInline(TabularInline):
    """The call's rubric: editable until the first score of the call exists,
    so that no sheet is scored against a rubric that changed since."""

    model = Criterion
    extra = 0
    fields = (
        "order",
        "name",
        "name_en",
        "weight",
        "meaning_1",
        "meaning_2",
        "meaning_3",
        "meaning_4",
        "meaning_5",
        "meaning_1_en",
        "meaning_2_en",
        "meaning_3_en",
        "meaning_4_en",
        "meaning_5_en",
    )

    def _frozen(self, request, obj) -> bool:
        """Whether the call has a score already (asked once per request)."""
        if obj is None:
            return False
        cache = request.__dict__.setdefault("_rubric_frozen", {})
        if obj.pk not in cache:
            cache[obj.pk] = Score.objects.filter(criterion__call=obj).exists()
        return cache[obj.pk]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._frozen(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(
            request, obj
        )


@admin.register(Call)
class CallAdmin(CallScoresExportMixin, NoDeletionMixin, ModelAdmin):
    form = CallAdminForm
    list_display = ("title", "opens_at", "closes_at", "is_standing")
    list_display_links = ("title",)
    ordering = ("-opens_at", "-pk")
    search_fields = ("title", "title_en")
    inlines = [CriterionInline, CallEventInline]
    actions = ["assign_automatically"]
    readonly_fields = ("envelope_use",)

    @admin.display(description=_("envelope used and left"))
    def envelope_use(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        use = calls.envelope_use(obj)
        if use["left"] is None:
            return gettext("%(used)s rials approved; no envelope set") % {
                "used": format_number(use["used"])
            }
        return gettext("%(used)s rials approved, %(left)s rials left") % {
            "used": format_number(use["used"]),
            "left": format_number(use["left"]),
        }

    @admin.action(
        description=_("Assign reviewers automatically"), permissions=["assign"]
    )
    def assign_automatically(self, request, queryset):
        made = 0
        for call in queryset.order_by("pk"):
            made += review.assign_automatically(call=call, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)s review assignment made.",
                "%(count)s review assignments made.",
                made,
            )
            % {"count": localize_digits(made)},
            messages.SUCCESS,
        )

    def has_assign_permission(self, request):
        return request.user.has_perm(review.ASSIGN)

    fieldsets = (
        (None, {"fields": ("title", "title_en", "description", "description_en")}),
        (
            _("Who may apply"),
            {
                "fields": (
                    "focus_areas",
                    "only_matching_focus_areas",
                    "provinces",
                    "only_matching_provinces",
                )
            },
        ),
        (
            _("Deadline and money"),
            {
                "fields": (
                    "opens_at",
                    "closes_at",
                    "ceiling_rials",
                    "envelope_rials",
                    "envelope_use",
                )
            },
        ),
        (
            _("Launched by"),
            {"fields": ("launched_at_meeting", "launched_by_decision")},
        ),
        (
            _("Review"),
            {
                "fields": (
                    "reviewers_per_proposal",
                    "independent_scores",
                    "min_score_sheets",
                )
            },
        ),
        (_("Reason for the change"), {"fields": ("reason",)}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets[:-1]
        return self.fieldsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # A new call gets the default rubric unless criteria were given.
            add_default_rubric(form.instance)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and form.goal_post_changes:
                CallEvent.objects.create(
                    call=obj,
                    actor=request.user,
                    changes=calls.describe(form.goal_post_changes),
                    reason=form.cleaned_data["reason"].strip(),
                )
