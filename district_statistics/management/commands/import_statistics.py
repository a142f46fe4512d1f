from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from district_statistics.models import Indicator
from district_statistics.numbers import counted, format_number
from district_statistics.services import (
    FORMAT_LONG,
    FORMAT_WIDE,
    ON_CONFLICT,
    ImportRefused,
    apply_import,
    plan_file,
)
from hannover_teilhabe.tabular import TableError


class Command(BaseCommand):
    help = "Importiert Statistikwerte aus einer CSV- oder XLSX-Datei (Lang- oder Breitformat), alles oder nichts."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Pfad zur CSV- oder XLSX-Datei")
        parser.add_argument("--format", choices=[FORMAT_LONG, FORMAT_WIDE], default=None,
                            help="long: eine Zeile je Wert; wide: eine Zeile je Gebiet, eine Spalte je Jahr "
                                 "(ohne Angabe an der Kopfzeile erkannt)")
        parser.add_argument("--indicator", help="Schlüssel des Indikators (Breitformat; ohne Angabe aus der "
                                                "Titelzeile übernommen)")
        parser.add_argument("--on-conflict", choices=ON_CONFLICT, default="fail",
                            help="abweichende vorhandene Werte ersetzen, überspringen oder abbrechen (Standard)")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Die Datei {path} gibt es nicht.")
        indicator = None
        if options["indicator"]:
            indicator = Indicator.objects.filter(key=options["indicator"]).first()
            if indicator is None:
                raise CommandError(f"Den Indikator „{options['indicator']}“ gibt es nicht.")
        try:
            with path.open("rb") as handle:
                plan = plan_file(file=handle, file_format=options["format"], indicator=indicator)
        except TableError as error:
            raise CommandError(str(error))
        for notice in plan.notices:
            self.stdout.write(f"Zeile {notice.line}: {notice.message}")
        if not plan.is_valid:
            for error in plan.errors:
                self.stderr.write(f"Zeile {error.line}: {error.message}")
            raise CommandError(f"{counted(len(plan.errors), 'fehlerhafte Zeile', 'fehlerhafte Zeilen')}; "
                               f"es wurde nichts gespeichert.")
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(f"Hinweis: {warning}"))
        try:
            log = apply_import(plan=plan, on_conflict=options["on_conflict"], filename=path.name,
                               note="Kommandozeile")
        except ImportRefused as refusal:
            raise CommandError(str(refusal))
        self.stdout.write(self.style.SUCCESS(
            f"Import abgeschlossen: {format_number(log.created_count, 0)} neu, "
            f"{format_number(log.replaced_count, 0)} ersetzt, {format_number(log.kept_count, 0)} unverändert oder "
            f"beibehalten, {counted(log.skipped_count, 'Zeile', 'Zeilen')} übersprungen "
            f"({counted(log.row_count, 'Zeile', 'Zeilen')} mit Werten)."
        ))
