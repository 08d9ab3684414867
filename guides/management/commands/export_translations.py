from pathlib import Path

from django.core.management.base import BaseCommand

from guides.translation_files import export_po
from guides.translation_status import TARGET_LANGUAGES


class Command(BaseCommand):
    help = "Write a PO file of the texts to translate into a language (missing or outdated)."

    def add_arguments(self, parser):
        parser.add_argument("language", choices=TARGET_LANGUAGES)
        parser.add_argument(
            "--all", dest="everything", action="store_true", help="every text, not only those to do"
        )
        parser.add_argument("-o", "--output", help="file to write (default: <language>.po)")

    def handle(self, *args, language, everything, output, **options):
        po = export_po(language, everything=everything)
        path = Path(output or f"{language}.po")
        path.write_text(str(po), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(po)} texts to {path}."))
