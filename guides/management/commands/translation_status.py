from django.core.management.base import BaseCommand, CommandError

from guides.translation_status import Status, language_totals, status_table


class Command(BaseCommand):
    help = (
        "Print, per language and domain, how many texts are up to date, outdated or missing; "
        "with --fail-under N, exit with an error when a language is less than N% up to date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fail-under", type=float, metavar="N", help="percent up to date")

    def handle(self, *args, fail_under=None, **options):
        table = status_table()
        totals = language_totals(table)
        header = (
            f"{'language':<9}{'domain':<20}{'up to date':>11}{'outdated':>10}{'missing':>9}{'%':>6}"
        )
        self.stdout.write(header)
        for language, rows in table.items():
            for group in sorted(rows):
                self._row(language, group or "(general)", rows[group])
            self._row(language, "all", totals[language])
        failing = [
            language
            for language, total in totals.items()
            if fail_under is not None and total.current_percent < fail_under
        ]
        if failing:
            raise CommandError(
                f"Less than {fail_under:g}% up to date: {', '.join(failing)}", returncode=2
            )

    def _row(self, language, group, row):
        self.stdout.write(
            f"{language:<9}{group:<20}{row.counts[Status.CURRENT]:>11}"
            f"{row.counts[Status.OUTDATED]:>10}{row.counts[Status.MISSING]:>9}"
            f"{row.current_percent:>6}"
        )
