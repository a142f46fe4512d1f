"""The Umsetzung map: districts coloured by the share of their measures in implementation.

Drawn by the statistics app's map renderer, so it looks and reads like every statistics map
(classes numbered on the map, the same legend, the numbers as a table beside it on the page).
"""

from types import SimpleNamespace

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from district_statistics.maps import choropleth_svg
from district_statistics.models import Indicator
from district_statistics.numbers import format_number
from district_statistics.selectors import Ranking, RankingRow, class_of, classify

SHARE = SimpleNamespace(
    key="umsetzung", name="Anteil der Maßnahmen in Umsetzung", unit=Indicator.Unit.PERCENT, decimals=0,
    higher_is_worse=True, is_example_data=False, suppression_threshold=None,
)


def implementation_rows(districts):
    rows = Ranking(indicator=SHARE, year=None, level="bezirk")
    for district in districts:
        share = district.implementation_share
        text = f"{format_number(share, 0)} % von {len(district.measures)}" if share is not None else "keine Maßnahmen"
        rows.append(RankingRow(area=district.area, value=share, text=text, suppressed=False, klass=None))
    rows.classes = classify(SHARE, [row.value for row in rows])
    for row in rows:
        row.klass = class_of(SHARE, rows.classes, row.value)
    return rows


def _summary(rows, stamp):
    shown = sorted((row for row in rows if row.value is not None), key=lambda row: row.value, reverse=True)
    parts = [f"Karte der {len(rows)} Stadtbezirke Hannovers: Anteil der Maßnahmen in Umsetzung, Stand {stamp}."]
    if shown:
        parts.append(f"Höchster Anteil: {shown[0].area.name} ({shown[0].text}); "
                     f"niedrigster: {shown[-1].area.name} ({shown[-1].text}).")
    empty = sum(1 for row in rows if row.value is None)
    if empty:
        parts.append(f"{empty} Stadtbezirke ohne Maßnahmen.")
    parts.append("Die Zahlen stehen auch in der Tabelle.")
    return " ".join(parts)


def implementation_map(districts):
    rows = implementation_rows(districts)
    stamp = date_format(timezone.localdate(), "d.m.Y")
    svg = choropleth_svg(indicator=SHARE, year=f"Stand {stamp}", level="bezirk", values=rows,
                         summary=_summary(rows, stamp), legend_head=("höchster Anteil", _("in Umsetzung")))
    return {"svg": svg, "rows": rows}
