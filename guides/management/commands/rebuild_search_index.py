from django.core.management.base import BaseCommand

from guides.content import refresh_planner_statistics
from guides.models import SearchDocument
from guides.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index of all content in every language."

    def handle(self, *args, **options):
        rebuild_index()
        refresh_planner_statistics()
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {SearchDocument.objects.count()} documents.")
        )
