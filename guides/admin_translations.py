"""Admin pages for translation work: the status table, PO export and import with a preview."""

import base64

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .export import attachment
from .models import Domain
from .translation_files import TranslationFileError, apply_plan, export_po, read_po
from .translation_status import (
    TARGET_LANGUAGES,
    Status,
    language_totals,
    status_table,
)

PERMISSION = "guides.import_translations"
# A whole language is about 200 KB. The previewed file goes back with the confirmation,
# base64-encoded, and must stay under Django's limit for a form (2.5 MB).
MAX_FILE_BYTES = 1024 * 1024
LANGUAGE_CHOICES = [(code, code) for code in TARGET_LANGUAGES]


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    everything = forms.BooleanField(
        label=_("Every text, not only those missing or outdated"), required=False
    )


class ImportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    file = forms.FileField(label=_("Translated PO file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class ConfirmImportForm(forms.Form):
    """The previewed file travels back with the confirmation, so nothing is kept meanwhile."""

    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=255)
    content = forms.CharField(widget=forms.HiddenInput)

    def file_bytes(self):
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except ValueError:
            problem = _("The file was damaged on the way; upload it again.")
            raise TranslationFileError([problem]) from None


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def status_view(site, request):
    _check(request)
    table = status_table()
    totals = language_totals(table)
    domains = dict(Domain.objects.values_list("slug", "pk"))
    rows = []
    for language, groups in table.items():
        for group, row in sorted(groups.items()):
            # Items of a domain; the general texts are regions and overview sections.
            changelist = reverse(
                "admin:guides_item_changelist"
                if group
                else "admin:guides_overviewsection_changelist"
            )
            links = {
                status: f"{changelist}?translation={language}:{status}"
                + (f"&domain__id__exact={domains[group]}" if group in domains else "")
                for status in (Status.OUTDATED, Status.MISSING)
            }
            rows.append({"language": language, "group": group, "row": row, "links": links})
    # Domains down, languages across.
    groups = sorted({entry["group"] for entry in rows})
    matrix = [
        {"group": group, "cells": [entry for entry in rows if entry["group"] == group]}
        for group in groups
    ]
    context = {
        **site.each_context(request),
        "title": _("Translation status"),
        "languages": TARGET_LANGUAGES,
        "rows": rows,
        "matrix": matrix,
        "totals": totals,
    }
    return TemplateResponse(request, "admin/guides/translation_status.html", context)


def export_view(site, request):
    _check(request)
    form = ExportForm(request.GET or None)
    if form.is_valid():
        language = form.cleaned_data["language"]
        po = export_po(language, everything=form.cleaned_data["everything"])
        return attachment(str(po), "text/x-gettext-translation", f"portal-{language}.po")
    context = {**site.each_context(request), "title": _("Export for translators"), "form": form}
    return TemplateResponse(request, "admin/guides/translation_export.html", context)


def import_view(site, request):
    _check(request)
    context = {**site.each_context(request), "title": _("Import translations")}
    if request.method == "POST" and "confirm" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid():
            try:
                language = confirm.cleaned_data["language"]
                plan = read_po(confirm.file_bytes(), language)
            except TranslationFileError as error:
                context.update(form=ImportForm(), problems=error.problems)
                return TemplateResponse(request, "admin/guides/translation_import.html", context)
            count = apply_plan(plan, user=request.user, filename=confirm.cleaned_data["filename"])
            messages.success(request, _("%(count)d translations imported.") % {"count": count})
            return redirect("admin:translation-status")
        form = ImportForm()
    else:
        form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            plan = read_po(data, form.cleaned_data["language"])
        except TranslationFileError as error:
            context["problems"] = error.problems
        else:
            context["plan"] = plan
            context["confirm_form"] = ConfirmImportForm(
                initial={
                    "language": plan.language,
                    "filename": upload.name[:255],
                    "content": base64.b64encode(data).decode(),
                }
            )
    context["form"] = form
    return TemplateResponse(request, "admin/guides/translation_import.html", context)
