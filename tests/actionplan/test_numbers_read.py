"""What a person reads on the action-plan pages and in the export: German numbers, plain ids and years."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from actionplan.models import Comment
from district_statistics.models import Indicator, Value
from tests.actionplan.factories import make_comment, make_measure, quarter


def test_cost_reads_in_german_on_the_page_and_in_both_exports(client, planner, period):
    measure = make_measure(by=planner, title="Sozialticket", cost_estimate=Decimal("1234567.50"))
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "1.234.567,50 €" in page
    client.force_login(planner)
    form = client.get(reverse("actionplan:measure_edit", args=[measure.reference])).content.decode()
    assert 'value="1.234.567,50"' in form  # the edit field shows the amount as it is typed here

    text = client.get(reverse("actionplan:measure_export", args=["csv"])).content.decode("utf-8-sig")
    assert ";1.234.567,50;" in text

    sheet = load_workbook(io.BytesIO(client.get(reverse("actionplan:measure_export", args=["xlsx"])).content)).active
    rows = list(sheet.iter_rows())
    header_index = next(i for i, row in enumerate(rows) if row and row[0].value == "Nummer")
    header = [cell.value for cell in rows[header_index]]
    cost = rows[header_index + 1][header.index("geschätzte Kosten (€)")]
    # A real number a spreadsheet can sum, shown with grouping and two decimals (Excel in Germany: 1.234.567,50).
    assert cost.value == Decimal("1234567.50") or cost.value == 1234567.5
    assert cost.number_format == "#,##0.00"


def test_comment_ids_past_one_thousand_stay_plain_in_anchors_and_links(client, planner, member, measure):
    comment = make_comment(measure=measure, author=member, text="Tausendster Kommentar")
    Comment.objects.filter(pk=comment.pk).update(id=12345)
    client.force_login(planner)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert 'id="kommentar-12345"' in body
    assert "12.345" not in body
    moderation = client.get(reverse("actionplan:comment_report", args=[12345])).content.decode()
    assert reverse("actionplan:comment_link", args=[12345]) in moderation and "12.345" not in moderation


def test_need_and_action_shows_the_year_plainly_and_links_areas_by_plain_id(client, period):
    indicator = Indicator.objects.create(key="sgb2", name="SGB-II-Quote", unit="prozent", is_key_indicator=True,
                                         higher_is_worse=True)
    ahlem = quarter("Ahlem")
    Value.objects.create(indicator=indicator, area=ahlem, year=2024, value="10.0")
    body = client.get(reverse("actionplan:need_and_action"), {"indicator": indicator.pk}).content.decode()
    assert "Stand 2024" in body
    assert "2.024" not in body
    assert f"?area={ahlem.pk}\"" in body
