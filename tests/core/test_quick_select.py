"""The fast selects on the filter and board forms write exactly what Django's own select writes."""

import re

import pytest
from django import forms

from core.choices import QuickSelect, QuickSelectMultiple

CHOICES = [("", "alle"), ("linden", "Linden-Nord"), ("mitte", "Mitte & <Altstadt>"),
           ("Stadtbezirke", [("1", "Mitte"), ("2", "Vahrenwald-List")]), (3, "Drei")]


def _normalised(html):
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


@pytest.mark.parametrize(("value", "attrs"), [
    (None, {}), ("linden", {"id": "id_ort", "required": True}), ("1", {"aria-describedby": "hilfe"}),
    (3, {}), ("gibt-es-nicht", {"disabled": False}),
])
def test_a_single_select_is_written_as_django_writes_it(value, attrs):
    ours = QuickSelect(choices=CHOICES).render("ort", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("ort", value, attrs=attrs)
    assert _normalised(ours) == _normalised(django)
    assert "Mitte &amp; &lt;Altstadt&gt;" in ours


def test_a_multiple_select_marks_every_chosen_option_as_django_does():
    ours = QuickSelectMultiple(choices=CHOICES, attrs={"size": 8}).render("orte", ["linden", "2", "3"])
    django = forms.SelectMultiple(choices=CHOICES, attrs={"size": 8}).render("orte", ["linden", "2", "3"])
    assert _normalised(ours) == _normalised(django)
    assert ours.count(" selected") == 3


def test_a_single_select_marks_only_the_first_match_as_django_does():
    duplicated = [("a", "Erste"), ("a", "Zweite")]
    ours = QuickSelect(choices=duplicated).render("x", "a")
    assert _normalised(ours) == _normalised(forms.Select(choices=duplicated).render("x", "a"))
    assert ours.count(" selected") == 1


def test_a_filter_select_shows_the_options_it_was_given_not_its_fields_query():
    from core.choices import OptionsSelect

    select = OptionsSelect(options=[("7", "Sahlkamp"), ("9", "Vahrenheide")], empty_label="alle")
    select.choices = [("1", "aus der Abfrage")]  # what a ModelChoiceField does whenever the form is copied
    html = select.render("ort", "9")
    assert '<option value="">alle</option>' in html
    assert '<option value="9" selected>Vahrenheide</option>' in html
    assert "aus der Abfrage" not in html
