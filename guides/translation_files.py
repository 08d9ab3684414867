"""Translation files for translators: gettext PO, one language per file.

Each entry is one field of one object: its context is the object's key and the field
(`item:housing/rent#text`), its msgid the French text, its msgstr the translation. Outdated
translations are exported marked fuzzy, for review. Importing checks the whole file first and
applies all of it or nothing.
"""

import re
from dataclasses import dataclass
from datetime import date

import polib
import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from .content import LIST_FIELDS  # one line per point: as many lines as the French
from .translation_status import SOURCE_LANGUAGE, TARGET_LANGUAGES, Status, content_key
from .translation_status import translated_objects as all_translated_objects

MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


class TranslationFileError(Exception):
    """The file cannot be imported; `problems` lists every reason, nothing was changed."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


def export_po(language, *, everything=False, objects=None):
    """A PO file of what needs translating into `language` (or of everything)."""
    if language not in TARGET_LANGUAGES:
        raise ValueError(f"Not a language to translate into: {language}")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Migrants and basic services in Belgium",
        "POT-Creation-Date": date.today().isoformat(),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": SOURCE_LANGUAGE,
    }
    for obj in all_translated_objects() if objects is None else objects:
        status = obj.translation_status(language)
        if status == Status.CURRENT and not everything:
            continue
        key = content_key(obj)
        for field in obj.translated_field_names():
            french = getattr(obj, f"{field}_{SOURCE_LANGUAGE}")
            if not french:
                continue
            translation = getattr(obj, f"{field}_{language}") or ""
            entry = polib.POEntry(
                msgctxt=f"{key}#{field}",
                msgid=french,
                msgstr=translation,
                comment=_describe(obj, field),
            )
            if translation and status == Status.OUTDATED:
                entry.flags.append("fuzzy")  # the French changed since: review it
            po.append(entry)
    return po


def _describe(obj, field):
    lines = [f"{obj._meta.verbose_name}: {obj}", f"field: {field}"]
    if field in LIST_FIELDS:
        lines.append("one line per point, the same number of lines as the French")
    return "\n".join(lines)


@dataclass
class Change:
    obj: object
    key: str
    field: str
    old: str
    new: str
    source_changed: bool  # the French text changed since the file was exported


@dataclass
class ImportPlan:
    language: str
    changes: list
    unchanged: int


def read_po(content, language):
    """Check a PO file against the content; an ImportPlan, or TranslationFileError."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            raise TranslationFileError([_("The file is not UTF-8 text.")]) from None
    try:
        po = polib.pofile(content)
    except (OSError, ValueError) as error:
        raise TranslationFileError([_("This is not a readable PO file: %s") % error]) from None
    file_language = po.metadata.get("Language", "").strip()
    if file_language != language:
        raise TranslationFileError(
            [
                _("The file is for language “%(file)s”, not “%(expected)s”.")
                % {"file": file_language or "?", "expected": language}
            ]
        )
    objects = {content_key(obj): obj for obj in all_translated_objects()}
    problems, changes, unchanged = [], [], 0
    for entry in po:
        if entry.obsolete:
            continue
        where = entry.msgctxt or entry.msgid[:40]
        key, _sep, field = (entry.msgctxt or "").partition("#")
        obj = objects.get(key)
        if obj is None or field not in obj.translated_field_names():
            problems.append(_("Unknown entry: %s") % where)
            continue
        new = entry.msgstr.strip()
        if not new:
            problems.append(_("No translation: %s") % where)
            continue
        if "fuzzy" in entry.flags:
            problems.append(_("Still marked for review (fuzzy): %s") % where)
            continue
        if MARKUP.search(new) and not MARKUP.search(entry.msgid):
            problems.append(_("Markup that the French text does not have: %s") % where)
            continue
        if field in LIST_FIELDS and len(new.splitlines()) != len(entry.msgid.splitlines()):
            problems.append(_("Not the same number of lines as the French text: %s") % where)
            continue
        old = getattr(obj, f"{field}_{language}") or ""
        french = getattr(obj, f"{field}_{SOURCE_LANGUAGE}") or ""
        if new == old and entry.msgid == french:
            unchanged += 1
            continue
        changes.append(Change(obj, key, field, old, new, source_changed=entry.msgid != french))
    if problems:
        raise TranslationFileError(problems)
    return ImportPlan(language=language, changes=changes, unchanged=unchanged)


def apply_plan(plan, *, user=None, filename=""):
    """Save every change of the plan at once, recorded in the history."""
    by_object = {}
    for change in plan.changes:
        by_object.setdefault(id(change.obj), (change.obj, []))[1].append(change)
    with transaction.atomic(), reversion.create_revision():
        for obj, changes in by_object.values():
            # The translation was made from the French in the file: if that differs from
            # today's French, the translation stays outdated.
            french = {
                field: getattr(obj, f"{field}_{SOURCE_LANGUAGE}")
                for field in obj.translated_field_names()
            }
            for change in changes:
                setattr(obj, f"{change.field}_{plan.language}", change.new)
                if change.source_changed:
                    french[change.field] = None  # unknown: not today's text
            source = (
                obj.source_fingerprint()
                if all(value is not None for value in french.values())
                else "imported-from-older-french"
            )
            obj.mark_translated(plan.language, source)
            obj.save()
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(
            _("Imported %(count)d translations (%(language)s) from %(file)s")
            % {"count": len(plan.changes), "language": plan.language, "file": filename or "a file"}
        )
    return len(plan.changes)
