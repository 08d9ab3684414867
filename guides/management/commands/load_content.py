from django.core.management.base import BaseCommand, CommandError

from guides.content import CONTENT_DIR, ContentError, load_content


class Command(BaseCommand):
    help = "Load the manual's content and its translations from fixtures/content/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=CONTENT_DIR, help="Folder with fr.json etc.")

    def handle(self, *args, directory, **options):
        try:
            report = load_content(directory)
        except ContentError as error:
            raise CommandError(f"Content not loaded:\n{error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {report.regions} regions, {report.domains} domains, "
                f"{report.overview} overview sections and {report.items} items "
                f"in {', '.join(report.languages)}."
            )
        )
