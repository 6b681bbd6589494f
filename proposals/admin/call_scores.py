"""A call's proposals with every reviewer's scores, as CSV or XLSX, from the
call's page in the admin.

One row per proposal: what it is, the mean and spread of the score sheets
that count towards a decision, the mean of each criterion over them, and a
column for each reviewer who scored any of the call's proposals with their
sheet's weighted mean. A sheet that does not count (set aside, or its
reviewer has a conflict of interest with the NGO) is marked, not scored.
The means are those the decision page shows (``proposals.review``). Where
the call keeps scores independent and the exporting user also scores
proposals, a proposal whose scores they may not see yet
(``proposals.review.scores_hidden``) says so instead of its scores, as the
admin's list does.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    Prefetch,
    Value,
    When,
)
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import audit
from core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    download,
    xlsx_bytes,
)
from core.l10n import is_persian, localize_digits
from proposals import review
from proposals.models import Proposal, Score, ScoreSheet

EXPORT_CALL_SCORES = "proposals.export_call_scores"
FORMATS = ("csv", "xlsx")

NOT_COUNTED = _("not counted: conflict of interest")
HIDDEN = _("The other reviewers' scores show once yours is in.")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def call_score_table(call, user) -> tuple[list[str], list[list]]:
    """The header and rows of ``call``'s export for ``user``, in the active
    language.

    Four queries whatever the number of proposals and reviewers: the
    rubric, the proposals (each marked whether ``user`` may see its scores
    yet), the sheets ``user`` may see (each marked counted or not) with
    their reviewers, and the sheets' scores with their criteria."""
    criteria = list(call.criteria.all())
    proposals = list(
        Proposal.objects.seen_by_staff()
        .filter(call=call)
        .select_related("ngo")
        .annotate(
            scores_hidden=Case(
                When(review.scores_hidden(user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("reference", "pk")
    )
    shown = [proposal for proposal in proposals if not proposal.scores_hidden]
    sheets = list(
        ScoreSheet.objects.filter(proposal__in=shown)
        .annotate(
            counted=ExpressionWrapper(
                review.counts_towards_decision(), output_field=BooleanField()
            )
        )
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", Score.objects.select_related("criterion")))
    )
    reviewers = sorted(
        {sheet.reviewer for sheet in sheets}, key=lambda user: (_name(user), user.pk)
    )
    by_proposal = {}
    for sheet in sheets:
        by_proposal.setdefault(sheet.proposal_id, {})[sheet.reviewer_id] = sheet

    header = [
        gettext("reference"),
        gettext("title"),
        gettext("NGO"),
        gettext("status"),
        gettext("budget requested (rials)"),
        gettext("score sheets counted"),
        gettext("weighted mean"),
        gettext("spread (standard deviation)"),
        *(
            gettext("mean: %(criterion)s (weight %(weight)s)")
            % {
                "criterion": criterion.display_name(),
                "weight": localize_digits(criterion.weight),
            }
            for criterion in criteria
        ),
        *(_name(reviewer) for reviewer in reviewers),
    ]
    rows = []
    for proposal in proposals:
        if proposal.scores_hidden:
            rows.append(
                [
                    *_described(proposal),
                    None,
                    str(HIDDEN),
                    *([None] * (1 + len(criteria) + len(reviewers))),
                ]
            )
            continue
        of_proposal = by_proposal.get(proposal.pk, {})
        counted = [sheet for sheet in of_proposal.values() if sheet.counted]
        summary = review.score_summary(counted)
        rows.append(
            [
                *_described(proposal),
                summary["count"],
                summary["mean"],
                summary["spread"],
                *(row["mean"] for row in review.criteria_means(counted, criteria)),
                *(
                    _reviewer_cell(of_proposal.get(reviewer.pk))
                    for reviewer in reviewers
                ),
            ]
        )
    return header, rows


def _described(proposal) -> list:
    return [
        proposal.reference,
        proposal.title,
        proposal.ngo.name,
        proposal.get_status_display(),
        proposal.budget_rials,
    ]


def _reviewer_cell(sheet):
    if sheet is None:
        return None
    if not sheet.counted:
        return str(NOT_COUNTED)
    mean = sheet.mean
    return None if mean is None else round(mean, 2)


class CallScoresExportMixin:
    """The export's address and view, for ``CallAdmin``."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/scores.<str:file_format>",
                self.admin_site.admin_view(self.scores_export_view),
                name="{}_{}_scores_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_export_scores"] = request.user.has_perm(EXPORT_CALL_SCORES)
        return super().change_view(request, object_id, form_url, extra_context)

    def scores_export_view(self, request, object_id, file_format):
        if not request.user.has_perm(EXPORT_CALL_SCORES):
            raise PermissionDenied
        call = self.get_object(request, object_id)
        if call is None or file_format not in FORMATS:
            raise Http404
        audit.log("export", what="call_scores", call=call.pk, format=file_format)
        header, rows = call_score_table(call, request.user)
        filename = f"call-{call.pk}-scores.{file_format}"
        if file_format == "csv":
            content, content_type = csv_bytes(header, rows), CSV_CONTENT_TYPE
        else:
            content = xlsx_bytes(
                header, rows, sheet_title=gettext("scores"), rtl=is_persian()
            )
            content_type = XLSX_CONTENT_TYPE
        return download(content, filename=filename, content_type=content_type)
