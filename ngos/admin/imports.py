"""Importing an existing list of NGOs: every row checked before anything is saved."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext

from core.l10n import localize_digits
from ngos import importing, services
from ngos.admin.forms import ImportForm


class NGOImportMixin:
    """The import link of the NGO list and the two-step page it leads to."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_import"] = request.user.has_perm("ngos.import_ngo")
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload a list, see every row checked, import nothing until confirmed."""
        if not request.user.has_perm("ngos.import_ngo"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import NGOs from a list"),
            "columns": importing.COLUMNS,
            "required_columns": importing.REQUIRED_COLUMNS,
            "can_verify": request.user.has_perm("ngos.verify_ngo"),
        }
        signer = signing.TimestampSigner(salt="ngos.import")
        if request.method == "POST" and "confirm" in request.POST:
            try:
                payload = signing.loads(
                    signer.unsign(request.POST.get("payload", ""), max_age=3600),
                    salt="ngos.import.rows",
                )
            except signing.BadSignature:
                self.message_user(
                    request,
                    gettext("The preview expired; upload the file again."),
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.path)
            reports = importing.check_rows(payload["rows"])
            valid = [r.cleaned for r in reports if r.ok]
            try:
                created = services.import_ngos(
                    rows=valid,
                    actor=request.user,
                    source=payload["source"],
                    verify=bool(request.POST.get("verify")),
                )
            except services.DuplicateIdentifier:
                self.message_user(
                    request,
                    gettext(
                        "Someone registered one of these NGOs meanwhile; "
                        "check the file again."
                    ),
                    messages.ERROR,
                )
                return HttpResponseRedirect(request.path)
            skipped = len(reports) - len(valid)
            self.message_user(
                request,
                ngettext(
                    "%(count)s NGO imported.", "%(count)s NGOs imported.", len(created)
                )
                % {"count": localize_digits(len(created))}
                + (
                    " "
                    + ngettext(
                        "%(count)s row skipped.", "%(count)s rows skipped.", skipped
                    )
                    % {"count": localize_digits(skipped)}
                    if skipped
                    else ""
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:ngos_ngo_changelist"))

        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            try:
                rows = importing.read_rows(uploaded)
            except importing.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                reports = importing.check_rows(rows)
                valid_rows = [r.values for r in reports if r.ok]
                context.update(
                    reports=reports,
                    valid_count=len(valid_rows),
                    error_count=len(reports) - len(valid_rows),
                    payload=signer.sign(
                        signing.dumps(
                            {"rows": valid_rows, "source": uploaded.name},
                            salt="ngos.import.rows",
                            compress=True,
                        )
                    ),
                    source=uploaded.name,
                )
        context["form"] = form
        return TemplateResponse(request, "admin/ngos/ngo/import.html", context)
