"""The fast selects and inputs on the filter and board forms write exactly what Django's own widgets write."""

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


@pytest.mark.parametrize(("quick", "django", "value", "attrs"), [
    ("QuickTextInput", forms.TextInput, 'Treffs "am" <Abend>', {"id": "id_titel", "required": True, "maxlength": 200}),
    ("QuickTextInput", forms.TextInput, None, {"aria-invalid": "true", "autofocus": True}),
    ("QuickNumberInput", forms.NumberInput, 3, {"min": 0, "max": 10}),
    ("QuickHiddenInput", forms.HiddenInput, "2026-11-26T04:00:00", {}),
    ("QuickCheckboxInput", forms.CheckboxInput, True, {"id": "id_stadt"}),
    ("QuickCheckboxInput", forms.CheckboxInput, False, {"id": "id_stadt"}),
    ("QuickTextarea", forms.Textarea, "Zeile 1\n<b>Zeile 2</b> & mehr", {"rows": 4, "aria-describedby": "hilfe"}),
    ("QuickTextarea", forms.Textarea, "", {}),
])
def test_the_fast_inputs_write_what_django_writes(quick, django, value, attrs):
    from core import widgets

    ours = getattr(widgets, quick)().render("feld", value, attrs=attrs)
    assert _normalised(ours) == _normalised(django().render("feld", value, attrs=attrs))


def test_the_fast_checkboxes_write_each_box_with_its_label_as_the_board_did():
    from core.choices import QuickCheckboxes

    choices = [(1, "Kinder & Jugendliche"), (2, "Ältere Menschen")]
    widget = QuickCheckboxes(item_class="ws-check")
    widget.choices = choices
    html = widget.render("zielgruppen", [2], attrs={"id": "id_zielgruppen"})
    assert html.count('<div class="ws-check">') == 2
    assert ('<input type="checkbox" name="zielgruppen" value="1" id="id_zielgruppen_0"> '
            '<label for="id_zielgruppen_0" class="checkbox">Kinder &amp; Jugendliche</label>') in html
    assert 'value="2" id="id_zielgruppen_1" checked>' in html
