from django.core.management.base import BaseCommand, CommandError

from guides.content import (
    CONTENT_DIR,
    ContentError,
    load_content,
    refresh_planner_statistics,
)


class Command(BaseCommand):
    help = "Load the manual's content and its translations from fixtures/content/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=CONTENT_DIR, help="Folder with fr.json etc.")
        parser.add_argument(
            "--only-new",
            action="store_true",
            help="create what is missing, change nothing that exists (for releases)",
        )

    def handle(self, *args, directory, only_new, **options):
        try:
            report = load_content(directory, only_new=only_new)
        except ContentError as error:
            raise CommandError(f"Content not loaded:\n{error}") from error
        refresh_planner_statistics()
        verb = "Added" if only_new else "Loaded"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {report.regions} regions, {report.domains} domains, "
                f"{report.overview} overview sections and {report.items} items "
                f"in {', '.join(report.languages)}."
            )
        )
