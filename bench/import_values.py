"""Benchmark: importing 50,000 statistical values (long format CSV) through the import service.

Run with `make bench`. Runs on the bench scratch database (bench/_scratch.py) and removes what it
imported. Prints time and peak Python memory
for the first import (all new), a re-import (all unchanged) and a replacing import, and fails
if the first import takes longer than the limit.
"""

import io
import resource
import sys
import time

from _scratch import scratch_django  # noqa: E402

_tmp = scratch_django(prefix="ht-bench-values-")

from django.core.management import call_command  # noqa: E402

VALUES = 50_000
LIMIT_SECONDS = 15.0


class Upload(io.BytesIO):
    name = "bench.csv"


def build_csv(areas, indicators, years, factor="1"):
    lines = ["Gebiet;Indikator;Jahr;Wert;Zähler;Nenner"]
    for indicator in indicators:
        for area in areas:
            for year in years:
                if len(lines) > VALUES:
                    return "\n".join(lines).encode("utf-8")
                value = f"{(area.pk * 7 + year) % 400 / 10:.1f}".replace(".", ",")
                numerator, denominator = area.pk * 3 + year % 50, f"{1000 + area.pk}{factor}"
                lines.append(f"{area.key};{indicator.key};{year};{value};{numerator};{denominator}")
    return "\n".join(lines).encode("utf-8")


def measure(label, func):
    started = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - started
    # Peak resident memory of the whole process so far (kilobytes on Linux).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<44} {elapsed:6.2f} s   Speicherspitze des Prozesses {peak:6.1f} MB")
    return result, elapsed


def main():
    call_command("migrate", verbosity=0, interactive=False)
    from core.models import Area
    from district_statistics.models import Indicator, Value
    from district_statistics.services import apply_import, plan_file

    areas = list(Area.objects.order_by("kind", "number"))
    years = list(range(1990, 2025))
    needed = -(-VALUES // (len(areas) * len(years)))
    indicators = [
        Indicator.objects.get_or_create(key=f"bench-{n}", defaults={"name": f"Bench {n}", "unit": "prozent"})[0]
        for n in range(needed)
    ]
    Value.objects.filter(indicator__in=indicators).delete()
    raw = build_csv(areas, indicators, years)

    def run(on_conflict, data=raw):
        plan = plan_file(file=Upload(data), file_format="long")
        assert plan.is_valid, plan.errors[:3]
        return apply_import(plan=plan, on_conflict=on_conflict, filename="bench.csv")

    print(f"Import von {VALUES:,} Werten ({len(indicators)} Indikatoren × {len(areas)} Gebiete × {len(years)} Jahre)"
          .replace(",", "."))
    log, first = measure("erster Import (alles neu)", lambda: run("fail"))
    assert log.created_count == VALUES, log.created_count
    log, _ = measure("erneuter Import (alles unverändert)", lambda: run("fail"))
    assert log.created_count == 0 and log.replaced_count == 0
    changed = build_csv(areas, indicators, years, factor="0")
    log, _ = measure("Import mit abweichenden Nennern (ersetzen)", lambda: run("replace", changed))
    assert log.replaced_count == VALUES, log.replaced_count
    # The shared bench data set stays as _data.py built it: the pages benchmark must not see these.
    Indicator.objects.filter(pk__in=[i.pk for i in indicators]).delete()
    if first > LIMIT_SECONDS:
        print(f"ZU LANGSAM: {first:.1f} s für {VALUES} Werte (Grenze {LIMIT_SECONDS:.0f} s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
