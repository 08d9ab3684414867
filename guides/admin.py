import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from .history import history_entries
from .models import SOURCE_LANGUAGE, Domain, Feedback, Item, OverviewSection, Region, SearchMiss
from .translation_status import TARGET_LANGUAGES, Status

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
EDIT_SOURCE = "guides.edit_source"


def translated_search_fields(*fields):
    """Search every language's column, so an editor finds a text in any of them."""
    return [f"{field}_{code}" for field in fields for code in LANGUAGE_CODES]


class ContentForm(forms.ModelForm):
    minor_change = forms.BooleanField(
        label=_("Minor change to the French text"),
        required=False,
        help_text=_(
            "A typo or punctuation fix that leaves the meaning as it was: translations that "
            "were up to date stay up to date."
        ),
    )


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            (f"{language}:{status}", f"{language}: {status.label}")
            for language in TARGET_LANGUAGES
            for status in (Status.OUTDATED, Status.MISSING)
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        language, _sep, status = self.value().partition(":")
        if language not in TARGET_LANGUAGES or status not in Status.values:
            return queryset.none()
        # Computed from the texts themselves, so filtered here rather than in SQL.
        matching = [obj.pk for obj in queryset if obj.translation_status(language) == status]
        return queryset.filter(pk__in=matching)


class ContentAdmin(VersionAdmin, TabbedTranslationAdmin):
    """Translated content: language tabs, translation status, history with revert and the
    recovery of deleted objects. Translators (without the edit_source permission) may change
    the translations and nothing else."""

    form = ContentForm
    object_history_template = "admin/guides/object_history.html"
    list_filter = [TranslationStatusFilter]

    @staticmethod
    def edits_source(request):
        return request.user.has_perm(EDIT_SOURCE)

    def translation_fields(self):
        return {
            f"{field}_{code}"
            for field in self.model.translated_field_names()
            for code in TARGET_LANGUAGES
        }

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "translation_statuses"]
        if self.edits_source(request):
            return readonly
        # Everything but the translations: the French columns, the structure, the status.
        editable = self.translation_fields() | set(self.model.translated_field_names())
        fields = [*self.model._meta.fields, *self.model._meta.many_to_many]
        return readonly + [f.name for f in fields if f.editable and f.name not in editable]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not self.edits_source(request):
            # Only those who edit the French text may call a change to it minor. (A form's
            # declared fields stay in it whatever the fields listed.)
            form.base_fields.pop("minor_change", None)
        return form

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.edits_source(request):
            changelist.list_editable = ()
        return changelist

    def save_model(self, request, obj, form, change):
        obj.minor_change = form.cleaned_data.get("minor_change", False)
        super().save_model(request, obj, form, change)

    # Reverting and recovering rewrite the French text too: editors only.
    def revision_view(self, request, *args, **kwargs):
        if not self.edits_source(request):
            raise PermissionDenied
        return super().revision_view(request, *args, **kwargs)

    def recover_view(self, request, *args, **kwargs):
        if not self.edits_source(request):
            raise PermissionDenied
        return super().recover_view(request, *args, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        entries = history_entries(self, obj) if obj is not None else []
        return super().history_view(
            request, object_id, {"action_list": entries, **(extra_context or {})}
        )

    @admin.display(description=_("translations to do"))
    def translations_to_do(self, obj):
        """For lists: only the languages that need work."""
        to_do = [
            (code, Status(status).label)
            for code in TARGET_LANGUAGES
            for status in [obj.translation_status(code)]
            if status != Status.CURRENT
        ]
        return format_html_join(", ", "{}: {}", to_do) if to_do else "—"

    @admin.display(description=_("translations"))
    def translation_statuses(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html_join(
            " · ",
            '<span class="translation-{}">{}: {}</span>',
            (
                (status, code, Status(status).label)
                for code in TARGET_LANGUAGES
                for status in [obj.translation_status(code)]
            ),
        )


@admin.register(Region)
class RegionAdmin(ContentAdmin):
    list_display = ["name", "slug", "order", "translations_to_do"]
    list_editable = ["order"]
    search_fields = translated_search_fields("name")


@admin.register(Domain)
class DomainAdmin(ContentAdmin):
    list_display = ["name", "slug", "order", "translations_to_do"]
    list_editable = ["order"]
    search_fields = translated_search_fields("name", "title", "context")
    prepopulated_fields = {"slug": [f"name_{SOURCE_LANGUAGE}"]}

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if self.edits_source(request) else {}


@admin.register(OverviewSection)
class OverviewSectionAdmin(ContentAdmin):
    list_display = ["__str__", "slug", "order", "translations_to_do"]
    list_editable = ["order"]
    search_fields = translated_search_fields("title", "text", "points")


@admin.register(Item)
class ItemAdmin(ContentAdmin):
    list_display = [
        "__str__",
        "domain",
        "kind",
        "status",
        "applies_to",
        "translations_to_do",
        "source",
        "order",
    ]
    list_editable = ["order"]
    list_filter = ["status", "domain", "kind", "regions", "source", TranslationStatusFilter]
    list_select_related = ["domain"]
    search_fields = translated_search_fields("title", "text", "points")
    actions = ["publish", "unpublish"]
    formfield_overrides = {
        models.ManyToManyField: {"widget": CheckboxSelectMultiple},
        models.URLField: {"assume_scheme": "https"},
    }
    fieldsets = [
        (None, {"fields": ["domain", "kind", "status", "slug", "title", "text", "points", "url"]}),
        (_("Translations"), {"fields": ["translation_statuses", "minor_change"]}),
        (_("Where it applies"), {"fields": ["regions"]}),
        (_("Provenance and order"), {"fields": ["source", "source_section", "order"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.edits_source(request):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "minor_change"]})
            for name, options in fieldsets
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.edits_source(request):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def view_on_site(self, item):
        return item.preview_url()

    @admin.display(description=_("applies to"))
    def applies_to(self, item):
        return ", ".join(region.name for region in item.region_list) or _("All of Belgium")

    @admin.action(description=_("Publish the selected items"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Item.Status.PUBLISHED)

    @admin.action(description=_("Return the selected items to draft"))
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Item.Status.DRAFT)

    def _set_status(self, request, queryset, status):
        # One save per item, so that the history, the search index and the page cache follow.
        count = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(f"Status: {status}")
            for item in queryset:
                if item.status != status:
                    item.status = status
                    item.save()
                    count += 1
        messages.success(
            request,
            ngettext("%(count)d item changed.", "%(count)d items changed.", count)
            % {"count": count},
        )


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """What readers looked for and did not find: a list of content to add or translate."""

    list_display = ["query", "language", "count", "last_searched"]
    list_filter = ["language"]
    search_fields = ["query"]
    readonly_fields = ["query", "language", "count", "last_searched"]

    def has_add_permission(self, request):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Readers' answers, for the editors only; never published."""

    list_display = ["created", "domain", "region", "language", "useful", "short_comment", "handled"]
    list_filter = ["handled", "useful", "language", "domain", "region"]
    list_editable = ["handled"]
    search_fields = ["comment"]
    readonly_fields = ["domain", "region", "language", "useful", "comment", "created"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("comment"))
    def short_comment(self, feedback):
        return feedback.comment[:80]

    @admin.action(description=_("Mark as handled"))
    def mark_handled(self, request, queryset):
        queryset.update(handled=True)
