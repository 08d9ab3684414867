from pathlib import Path

from django.core.management.base import BaseCommand

from guides.export import as_csv, as_json


class Command(BaseCommand):
    help = "Write the whole content, in every language, as content.json and content.csv."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=".", help="Where to write the files.")

    def handle(self, *args, directory, **options):
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        (target / "content.json").write_text(as_json(), encoding="utf-8")
        (target / "content.csv").write_text(as_csv(), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote content.json and content.csv to {target}."))
