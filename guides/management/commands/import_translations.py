from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guides.translation_files import TranslationFileError, apply_plan, read_po
from guides.translation_status import TARGET_LANGUAGES


class Command(BaseCommand):
    help = (
        "Import a translated PO file. The whole file is checked first; with any problem "
        "nothing is changed. --dry-run shows what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("language", choices=TARGET_LANGUAGES)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, path, language, dry_run, **options):
        try:
            plan = read_po(Path(path).read_bytes(), language)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        except TranslationFileError as error:
            raise CommandError("Nothing imported:\n" + "\n".join(error.problems)) from None
        for change in plan.changes:
            note = " (the French text changed since the export)" if change.source_changed else ""
            self.stdout.write(
                f"{change.key}#{change.field}{note}\n  - {change.old}\n  + {change.new}"
            )
        if dry_run:
            self.stdout.write(f"{len(plan.changes)} changes; nothing saved (--dry-run).")
            return
        count = apply_plan(plan, filename=Path(path).name)
        self.stdout.write(self.style.SUCCESS(f"Imported {count} translations."))
