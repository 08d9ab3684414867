import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from guides import synthetic
from guides.content import refresh_planner_statistics
from guides.models import Item

SCRATCH_NAME = re.compile(r"scratch|bench|test", re.IGNORECASE)


class Command(BaseCommand):
    help = (
        "Fill a scratch database with marked copies of the manual's items (10x, 100x...) "
        "in every language, for load tests. Refuses databases not named as scratch ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=10, help="items as a multiple of today's")
        parser.add_argument("--remove", action="store_true", help="delete the synthetic items")

    def handle(self, *args, scale, remove, **options):
        name = str(connection.settings_dict["NAME"])
        if not SCRATCH_NAME.search(name):
            raise CommandError(
                f"Refusing to write synthetic content into {name!r}: use a database whose "
                "name contains 'scratch', 'bench' or 'test'."
            )
        if remove:
            deleted = synthetic.remove()
            refresh_planner_statistics()
            self.stdout.write(f"Deleted {deleted} synthetic rows.")
            return
        if not 1 <= scale <= 300:
            raise CommandError("--scale must be between 1 and 300.")
        created = synthetic.generate(scale)
        refresh_planner_statistics()
        self.stdout.write(
            self.style.SUCCESS(f"Created {created} synthetic items; {Item.objects.count()} in all.")
        )
