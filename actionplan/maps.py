"""The Umsetzung map: districts coloured by the share of their measures in implementation.

Drawn by the statistics app's map renderer, so it looks and reads like every statistics map
(classes numbered on the map, the same legend, the numbers as a table beside it on the page).
"""

from types import SimpleNamespace

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from district_statistics.maps import choropleth_svg
from district_statistics.models import Indicator
from district_statistics.numbers import format_number
from district_statistics.selectors import Ranking, RankingRow, class_of, classify

SHARE = SimpleNamespace(
    key="umsetzung", name=gettext_lazy("Anteil der Maßnahmen in Umsetzung"), unit=Indicator.Unit.PERCENT,
    decimals=0, higher_is_worse=True, is_example_data=False, suppression_threshold=None,
)


def implementation_rows(districts):
    rows = Ranking(indicator=SHARE, year=None, level="bezirk")
    for district in districts:
        share = district.implementation_share
        text = (_("%(share)s %% von %(count)s") % {"share": format_number(share, 0), "count": len(district.measures)}
                if share is not None else _("keine Maßnahmen"))
        row = RankingRow(area=district.area, value=share, text=text, suppressed=False, klass=None)
        # The table beside the map links each share to the district's measures, as the figures below do.
        row.url = district.total.url
        rows.append(row)
    rows.classes = classify(SHARE, [row.value for row in rows])
    for row in rows:
        row.klass = class_of(SHARE, rows.classes, row.value)
    return rows


def _summary(rows, stamp):
    shown = sorted((row for row in rows if row.value is not None), key=lambda row: row.value, reverse=True)
    parts = [_("Karte der %(count)s Stadtbezirke Hannovers: Anteil der Maßnahmen in Umsetzung, Stand %(date)s.")
             % {"count": len(rows), "date": stamp}]
    if shown:
        parts.append(_("Höchster Anteil: %(highest)s (%(highest_value)s); niedrigster: %(lowest)s "
                       "(%(lowest_value)s).") % {"highest": shown[0].area.name, "highest_value": shown[0].text,
                                                "lowest": shown[-1].area.name, "lowest_value": shown[-1].text})
    empty = sum(1 for row in rows if row.value is None)
    if empty:
        parts.append(ngettext("%(count)s Stadtbezirk ohne Maßnahmen.", "%(count)s Stadtbezirke ohne Maßnahmen.",
                              empty) % {"count": empty})
    parts.append(_("Die Zahlen stehen auch in der Tabelle."))
    return " ".join(parts)


def implementation_map(districts):
    rows = implementation_rows(districts)
    stamp = date_format(timezone.localdate(), "d.m.Y")
    svg = choropleth_svg(indicator=SHARE, year=_("Stand %(date)s") % {"date": stamp}, level="bezirk", values=rows,
                         summary=_summary(rows, stamp), legend_head=(_("höchster Anteil"), _("in Umsetzung")))
    return {"svg": svg, "rows": rows}
