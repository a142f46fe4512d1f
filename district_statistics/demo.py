"""Example indicators for the demo: invented values, always labelled "Beispieldaten".

The values come from a seeded random generator, so running the demo twice creates nothing new
and shows the same figures. Stadtbezirk and city values are the sums of their Stadtteile
(numerators over denominators), so every level of the map tells the same story.
"""

import random
from decimal import ROUND_HALF_UP, Decimal

from core.models import Area
from district_statistics.models import Indicator, NonTakeUpEstimate, Value

YEARS = range(2019, 2025)
SEED = 20261125
EXAMPLE_SOURCE = {
    "source_publisher": "Beispieldaten (erfunden)",
    "source_publication": "Vorführdaten der Plattform, zufällig erzeugt – keine amtliche Statistik",
    "licence": "CC0 1.0 (Beispieldaten)",
    "is_example_data": True,
}

# Quarters the city's social reports name again and again as most affected: the example values
# are drawn higher there so the demo looks like the city it stands for.
HIGH_NEED = {"Sahlkamp": 2.3, "Vahrenheide": 2.5, "Mühlenberg": 2.4, "Hainholz": 2.0, "Linden-Süd": 1.7,
             "Mittelfeld": 1.9, "Stöcken": 1.8, "Bornum": 1.8, "Herrenhausen": 1.4, "Vahrenwald": 1.3,
             "Linden-Nord": 1.3, "Nordstadt": 1.3, "Davenstedt": 1.2, "Misburg-Nord": 1.3, "Oberricklingen": 1.4,
             "Ricklingen": 1.3, "Ledeburg": 1.3, "Wülfel": 1.4, "Marienwerder": 1.4, "Bemerode": 1.2}
LOW_NEED = {"Waldhausen": 0.25, "Waldheim": 0.3, "Kirchrode": 0.4, "Isernhagen-Süd": 0.2, "Zoo": 0.35,
            "Lahe": 0.5, "Wülferode": 0.3, "Seelhorst": 0.35, "Bult": 0.6, "Kleefeld": 0.8,
            "Bothfeld": 0.6, "Wettbergen": 0.9, "List": 0.6, "Südstadt": 0.55}
SMALL_POPULATION = {"Wülferode": 610, "Nordhafen": 140, "Brink-Hafen": 1100, "Isernhagen-Süd": 2900,
                    "Waldhausen": 2100, "Waldheim": 2700, "Seelhorst": 2400, "Lahe": 1400}

INDICATORS = [
    {
        "key": "sgb2-quote", "name": "SGB-II-Quote", "position": 1, "unit": Indicator.Unit.PERCENT,
        "definition": "Anteil der Personen in Bedarfsgemeinschaften nach dem SGB II (Bürgergeld) an der "
                      "Bevölkerung unter 65 Jahren, jeweils zum 31.12.",
        "counts_benefit_recipients": True, "suppression_threshold": 10, "is_key_indicator": True,
        "base_rate": 13.5, "population_share": 0.82, "trend": -0.15,
    },
    {
        "key": "kinderarmut", "name": "Kinderarmut", "position": 2, "unit": Indicator.Unit.PERCENT,
        "definition": "Anteil der Kinder unter 15 Jahren, die in Bedarfsgemeinschaften nach dem SGB II leben, "
                      "an allen Kindern unter 15 Jahren, jeweils zum 31.12.",
        "counts_benefit_recipients": True, "suppression_threshold": 10, "is_key_indicator": True,
        "base_rate": 21.0, "population_share": 0.13, "trend": -0.2,
    },
    {
        "key": "grundsicherung-alter", "name": "Grundsicherung im Alter", "position": 3,
        "unit": Indicator.Unit.PERCENT,
        "definition": "Anteil der Personen ab 65 Jahren, die Grundsicherung im Alter nach dem SGB XII beziehen, "
                      "an allen Personen ab 65 Jahren, jeweils zum 31.12.",
        "counts_benefit_recipients": True, "suppression_threshold": 10,
        "base_rate": 7.5, "population_share": 0.18, "trend": 0.25,
    },
    {
        "key": "arbeitslosenquote", "name": "Arbeitslosenquote", "position": 4, "unit": Indicator.Unit.PERCENT,
        "definition": "Anteil der Arbeitslosen an den Einwohner*innen im Alter von 15 bis unter 65 Jahren "
                      "(Arbeitslosendichte), jeweils im Dezember.",
        "counts_benefit_recipients": False, "suppression_threshold": 10,
        "base_rate": 6.0, "population_share": 0.68, "trend": -0.05,
    },
    {
        "key": "kinder-in-notunterkuenften", "name": "Kinder in Notunterkünften", "position": 5,
        "unit": Indicator.Unit.PERSONS, "decimals": 0,
        "definition": "Zahl der Kinder unter 18 Jahren, die zum 31.12. in einer städtischen Unterkunft für "
                      "wohnungslose Menschen untergebracht sind. Kleine Zahlen werden aus Datenschutzgründen "
                      "nicht ausgewiesen.",
        "counts_benefit_recipients": False, "suppression_threshold": 5,
        "base_rate": 0.35, "population_share": 1.0, "trend": 0.02,
    },
]

ESTIMATES = {
    "sgb2-quote": {
        "rate_low": Decimal("34"), "rate_high": Decimal("43"),
        "source": "IAB-Forschungsbericht 5/2013 (Bruckmeier u. a.): Simulationsrechnungen zum Ausmaß der "
                  "Nichtinanspruchnahme von Leistungen der Grundsicherung",
        "source_url": "https://doku.iab.de/forschungsbericht/2013/fb0513.pdf",
        "note": "Bundesweite Schätzung: Etwa ein Drittel bis über zwei Fünftel der Anspruchsberechtigten "
                "nehmen Grundsicherung für Arbeitsuchende nicht in Anspruch. Für Hannover gibt es keine "
                "eigene Zählung; die Spanne ist eine Übertragung und keine Messung.",
    },
    "kinderarmut": {
        "rate_low": Decimal("34"), "rate_high": Decimal("43"),
        "source": "IAB-Forschungsbericht 5/2013 (Bruckmeier u. a.): Simulationsrechnungen zum Ausmaß der "
                  "Nichtinanspruchnahme von Leistungen der Grundsicherung",
        "source_url": "https://doku.iab.de/forschungsbericht/2013/fb0513.pdf",
        "note": "Übertragung der bundesweiten Schätzung für Haushalte im SGB II auf die Kinder in diesen "
                "Haushalten; eine Schätzung, keine Zählung.",
    },
    "grundsicherung-alter": {
        "rate_low": Decimal("55"), "rate_high": Decimal("65"),
        "source": "DIW Berlin, Wochenbericht 49/2019 (Buslei u. a.): Schätzung, dass rund 60 % der "
                  "Anspruchsberechtigten die Grundsicherung im Alter nicht in Anspruch nehmen",
        "source_url": "",
        "note": "Die Spanne um den veröffentlichten Schätzwert ist für die Vorführung gewählt; "
                "eine Schätzung, keine Zählung.",
    },
}


def _quantise(number, decimals):
    return Decimal(number).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _populations(quarters, rng):
    populations = {}
    for quarter in quarters:
        populations[quarter.pk] = SMALL_POPULATION.get(quarter.name, rng.randint(3_500, 19_000))
    return populations


def _generate(indicator_spec, quarters, populations, rng):
    """Numerators and denominators per (quarter id, year)."""
    need = {}
    for quarter in quarters:
        factor = HIGH_NEED.get(quarter.name) or LOW_NEED.get(quarter.name) or rng.uniform(0.7, 1.15)
        need[quarter.pk] = factor
    figures = {}
    for quarter in quarters:
        denominator_base = populations[quarter.pk] * indicator_spec["population_share"]
        rate = indicator_spec["base_rate"] * need[quarter.pk]
        for offset, year in enumerate(YEARS):
            denominator = round(denominator_base * (1 + 0.006 * offset))
            drift = indicator_spec["trend"] * offset * need[quarter.pk]
            yearly_rate = max(0.0, rate + drift + rng.gauss(0, rate * 0.04))
            if indicator_spec["unit"] == Indicator.Unit.PERSONS:
                numerator = max(0, round(populations[quarter.pk] / 1000 * yearly_rate * rng.uniform(0.6, 1.4)))
                denominator = None
            else:
                numerator = round(denominator * yearly_rate / 100)
            figures[(quarter.pk, year)] = (numerator, denominator)
    return figures


def _value(spec, numerator, denominator):
    decimals = spec.get("decimals", 1)
    if denominator is None:
        return _quantise(numerator, decimals), Decimal(numerator), None
    return (_quantise(Decimal(numerator) * 100 / Decimal(denominator), decimals) if denominator else Decimal(0),
            Decimal(numerator), Decimal(denominator))


def seed(context):
    rng = random.Random(SEED)  # noqa: S311 - reproducible example values, not secrets
    areas = list(Area.objects.all())
    quarters = sorted((a for a in areas if a.kind == Area.Kind.QUARTER), key=lambda a: a.number)
    districts = [a for a in areas if a.kind == Area.Kind.DISTRICT]
    city = next(a for a in areas if a.kind == Area.Kind.CITY)
    populations = _populations(quarters, rng)
    created = {}
    for spec in INDICATORS:
        fields = {k: v for k, v in spec.items() if k not in {"base_rate", "population_share", "trend", "key"}}
        fields.setdefault("decimals", 1)
        indicator, _ = Indicator.objects.get_or_create(key=spec["key"], defaults={**fields, **EXAMPLE_SOURCE})
        created[spec["key"]] = indicator
        if spec["key"] in ESTIMATES:
            NonTakeUpEstimate.objects.get_or_create(indicator=indicator, defaults=ESTIMATES[spec["key"]])
        figures = _generate(spec, quarters, populations, rng)
        sums = {}
        for quarter in quarters:
            for year in YEARS:
                numerator, denominator = figures[(quarter.pk, year)]
                for target in (quarter.parent_id, city.pk):
                    total = sums.setdefault((target, year), [0, 0])
                    total[0] += numerator
                    total[1] += denominator or 0
        existing = set(Value.objects.filter(indicator=indicator).values_list("area_id", "year"))
        new_values = []
        for area in [*quarters, *districts, city]:
            for year in YEARS:
                if (area.pk, year) in existing:
                    continue
                if area.kind == Area.Kind.QUARTER:
                    numerator, denominator = figures[(area.pk, year)]
                else:
                    numerator, denominator = sums[(area.pk, year)]
                    denominator = denominator if spec["unit"] != Indicator.Unit.PERSONS else None
                value, numerator, denominator = _value(spec, numerator, denominator)
                new_values.append(Value(indicator=indicator, area=area, year=year, value=value, numerator=numerator,
                                        denominator=denominator, source_note="Beispieldaten"))
        Value.objects.bulk_create(new_values)
    context.extra["statistics_indicators"] = created
