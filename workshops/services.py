"""What planners do with the Fachtag's results: enter, change, delete, import."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import changes
from core.areas import AreaResolver
from core.history import save_with_history
from core.models import Area, FieldOfAction, Organisation, PendingUpload, TargetGroup, User
from core.numbers import format_count
from core.versioning import lock_if_current
from hannover_teilhabe import uploads
from hannover_teilhabe.tabular import TableError, find_header, normalise_header, parse_decimal
from workshops.models import Event, Outcome, Workshop

OUTCOME_FIELDS = ["kind", "title", "description", "existing_offer", "field_of_action", "citywide", "weight"]

# The form says the same when the typed number is below zero, before the service is asked.
WEIGHT_NEGATIVE = gettext_lazy("Die Gewichtung kann nicht negativ sein.")


def outcome_check(*, kind: str, existing_offer: str, citywide: bool, areas: Iterable[Area],
                  weight: int | None) -> None:
    """The rules of one outcome; the services enforce them, the form asks early to show every problem at once."""
    errors = {}
    weight = weight or 0
    if weight < 0:
        errors["weight"] = str(WEIGHT_NEGATIVE)
    elif weight > Outcome.MAX_WEIGHT:
        errors["weight"] = _("Die Gewichtung darf höchstens %(max)s sein.") % {
            "max": format_count(Outcome.MAX_WEIGHT)}
    if existing_offer and kind and kind != Outcome.Kind.WORKS:
        errors["existing_offer"] = _(
            "Ein bestehendes Angebot gehört nur zu „bereits erfolgreich umgesetzt“. "
            "Bitte leeren Sie das Feld oder ändern Sie die Art."
        )
    if citywide and list(areas):
        errors["areas"] = _(
            "Bitte kreuzen Sie entweder „gesamtstädtisch“ an oder wählen Sie Stadtteile/Stadtbezirke aus, "
            "nicht beides."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def outcome_create(*, workshop: Workshop, by: User, kind: str, title: str, description: str = "",
                   existing_offer: str = "", field_of_action: FieldOfAction | None = None,
                   target_groups: Iterable[TargetGroup] = (), areas: Iterable[Area] = (), citywide: bool = False,
                   weight: int | None = 0) -> Outcome:
    areas = list(areas)
    outcome_check(kind=kind, existing_offer=existing_offer.strip(), citywide=citywide, areas=areas, weight=weight)
    outcome = Outcome(
        workshop=workshop, kind=kind, title=title.strip(), description=description.strip(),
        existing_offer=existing_offer.strip(), field_of_action=field_of_action, citywide=citywide,
        weight=weight or 0, created_by=by,
    )
    return save_with_history(outcome, by=by, m2m={"target_groups": target_groups, "areas": areas})


class OutcomeChanged(Exception):
    """Someone else saved the outcome after the form was opened; saving would overwrite their work."""

    def __init__(self, *, updated_at, updated_by, unknown_base=False):
        super().__init__("outcome changed meanwhile")
        self.updated_at = updated_at
        self.updated_by = updated_by
        # The form did not say which version it was opened on: nobody is known to have saved.
        self.unknown_base = unknown_base


def version_token(outcome: Outcome) -> str:
    return outcome.updated_at.isoformat() if outcome.updated_at else ""


@transaction.atomic
def outcome_update(*, outcome: Outcome, by: User, based_on: str | None, **changes: Any) -> Outcome:
    """Save an edit started from version `based_on` (see `version_token`); refused if someone else
    saved since, or if the version is missing (the same mandatory check measures have)."""
    if lock_if_current(Outcome.objects.only("updated_at"), pk=outcome.pk, based_on=based_on,
                       token=version_token) is None:
        current = Outcome.objects.get(pk=outcome.pk)
        last = current.history.select_related("history_user").first()
        raise OutcomeChanged(updated_at=current.updated_at, updated_by=last.history_user if last else None,
                             unknown_base=not based_on)
    target_groups = changes.pop("target_groups", None)
    areas = changes.pop("areas", None)
    for name, value in changes.items():
        if name not in OUTCOME_FIELDS:
            raise TypeError(f"Unknown outcome field {name!r}")
        if isinstance(value, str):
            value = value.strip()
        setattr(outcome, name, value)
    if outcome.weight is None:
        outcome.weight = 0
    if areas is not None:
        areas = list(areas)
    outcome_check(kind=outcome.kind, existing_offer=outcome.existing_offer, citywide=outcome.citywide,
                   areas=outcome.areas.all() if areas is None else areas, weight=outcome.weight)
    m2m = {name: values for name, values in (("target_groups", target_groups), ("areas", areas))
           if values is not None}
    return save_with_history(outcome, by=by, m2m=m2m)


@transaction.atomic
def outcome_delete(*, outcome: Outcome, by: User) -> None:
    outcome._history_user = by
    outcome.delete()


RESERVED_EVENT_SLUGS = {"neu"}


def _unique_event_slug(title: str, date: datetime.date) -> str:
    from django.utils.text import slugify

    base = slugify(f"{title} {date.year}")[:190] or "veranstaltung"
    slug, number = base, 2
    while slug in RESERVED_EVENT_SLUGS or Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def event_save(*, event: Event | None = None, by: User, title: str, date: datetime.date, place: str = "",
               organiser: str = "", description: str = "", is_public: bool = False) -> Event:
    """Create or change a Fachtag; a new one gets a stable address from its title and year."""
    if not by.has_perm("workshops.change_events", event):
        raise PermissionDenied(_("Veranstaltungen legt die Planung an."))
    event = event or Event()
    event.title, event.date, event.place = title.strip(), date, place.strip()
    event.organiser, event.description, event.is_public = organiser.strip(), description.strip(), is_public
    if not event.slug:
        event.slug = _unique_event_slug(event.title, event.date)
    event.save()
    return event


@transaction.atomic
def workshop_save(*, workshop: Workshop | None = None, event: Event, by: User, number: int, title: str,
                  topic: str = "", moderators: str = "", organisations: Iterable[Organisation] = (),
                  participant_count: int | None = None, notes: str = "") -> Workshop:
    if not by.has_perm("workshops.change_workshops", event):
        raise PermissionDenied(_("Workshops legt die Planung an."))
    workshop = workshop or Workshop()
    taken = Workshop.objects.filter(event=event, number=number).exclude(pk=workshop.pk)
    if taken.exists():
        raise ValidationError({"number": _("Diese Veranstaltung hat schon einen Workshop %(number)s.")
                               % {"number": number}})
    workshop.event, workshop.number, workshop.title = event, number, title.strip()
    workshop.topic, workshop.moderators, workshop.notes = topic.strip(), moderators.strip(), notes.strip()
    workshop.participant_count = participant_count
    workshop.save()
    workshop.organisations.set(organisations)
    return workshop


# --- Import ---------------------------------------------------------------------------------

IMPORT_COLUMNS = [
    # (key, header as documented, required, explanation)
    ("kind", "Art", True,
     gettext_lazy("bereits erfolgreich umgesetzt, Verbesserungsbedarf oder dringendes Problem "
     "(auch kurz: erfolgreich, Verbesserungsbedarf, dringend; Groß-/Kleinschreibung egal)")),
    ("title", "Titel", True, gettext_lazy("Pflichtfeld, höchstens 200 Zeichen")),
    ("description", "Beschreibung", False, gettext_lazy("beliebig langer Text")),
    ("field_of_action", "Handlungsfeld", False, gettext_lazy("Name eines Handlungsfelds, z. B. Wohnen")),
    ("target_groups", "Zielgruppen", False,
     gettext_lazy("eine oder mehrere Zielgruppen, getrennt durch Komma oder senkrechten Strich |, "
     "z. B. Alleinerziehende, Kinder und Jugendliche")),
    ("areas", "Stadtteile/Bezirke", False,
     gettext_lazy("Namen oder amtliche Nummern von Stadtteilen, getrennt durch Komma oder |; Stadtbezirke als "
     "„Bezirk Linden-Limmer“ oder „Bezirk 10“; oder „gesamtstädtisch“")),
    ("weight", "Gewichtung", False, gettext_lazy("ganze Zahl von 0 bis 10.000, z. B. Zahl der Klebepunkte; leer = 0")),
    ("existing_offer", "bestehendes Angebot", False,
     gettext_lazy("nur bei „bereits erfolgreich umgesetzt“, z. B. Familienzentrum Vahrenheide")),
]

HEADER_ALIASES = {
    "art": "kind", "kategorie": "kind", "frage": "kind",
    "titel": "title", "ergebnis": "title",
    "beschreibung": "description", "erlaeuterung": "description",
    "handlungsfeld": "field_of_action",
    "zielgruppen": "target_groups", "zielgruppe": "target_groups",
    "stadtteile_bezirke": "areas", "stadtteile_stadtbezirke": "areas", "stadtteile": "areas",
    "stadtteil": "areas", "orte": "areas", "ort": "areas", "gebiet": "areas", "gebiete": "areas",
    "gewichtung": "weight", "punkte": "weight", "klebepunkte": "weight",
    "bestehendes_angebot": "existing_offer", "angebot": "existing_offer",
}

KIND_WORDS = {
    Outcome.Kind.WORKS: [
        "bereits erfolgreich umgesetzt", "erfolgreich umgesetzt", "bereits erfolgreich", "erfolgreich",
        "bereits umgesetzt", "umgesetzt", "funktioniert",
    ],
    Outcome.Kind.IMPROVE: ["verbesserungsbedarf", "verbesserung", "verbesserungsbedarfe", "verbessern"],
    Outcome.Kind.URGENT: [
        "dringendes problem", "dringende probleme", "dringend", "problem", "dringendes problem (offen)",
    ],
}
KIND_LOOKUP = {word: kind for kind, words in KIND_WORDS.items() for word in words}
CITYWIDE_WORDS = {"gesamtstädtisch", "gesamtstaedtisch", "gesamtstadt", "stadtweit", "ganz hannover", "hannover"}
LIST_SEPARATOR = re.compile(r"\s*[,|;]\s*")


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    kind: str = ""
    field_of_action: object = None
    target_groups: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    citywide: bool = False
    weight: int = 0

    @property
    def kind_label(self):
        return Outcome.Kind(self.kind).label if self.kind else ""

    @property
    def places_label(self):
        if self.citywide:
            return _("gesamtstädtisch")
        return ", ".join(area.name for area in self.areas)


@dataclass
class ImportPreview:
    rows: list
    file_errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]

    @property
    def ok(self):
        return not self.file_errors and not self.error_rows and bool(self.rows)


class ImportRejected(Exception):
    def __init__(self, preview):
        super().__init__("import has errors")
        self.preview = preview


class _Lookups:
    """Master data read once per import, so checking 5,000 rows costs a handful of queries."""

    def __init__(self, workshop):
        self.fields = {item.name.casefold(): item for item in FieldOfAction.objects.all()}
        self.groups = {item.name.casefold(): item for item in TargetGroup.objects.all()}
        # Places are Stadtteile and Stadtbezirke; the whole city is the "gesamtstädtisch" flag.
        self.areas = AreaResolver(Area.objects.exclude(kind=Area.Kind.CITY))
        self.existing = set(
            Outcome.objects.filter(workshop=workshop).values_list("kind", "title")
        )
        self.existing = {(kind, title.casefold()) for kind, title in self.existing}

    def area(self, text):
        """The areas a place names: one, both Stadtteile of a merged name ("Ledeburg/Nordhafen"), or none.

        A name shared by a Stadtteil and its Stadtbezirk (Mitte, Ricklingen) means the Stadtteil.
        """
        match = self.areas.resolve(text)
        if match.found:
            return [match.area]
        return list(match.merged)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _split(text: str) -> list[str]:
    return [part for part in LIST_SEPARATOR.split(text) if part]


HEADER_SEARCH_ROWS = 10


def _header_keys(row: list) -> set[str]:
    return {HEADER_ALIASES.get(normalise_header(cell)) for cell in row} - {None}


def _find_header(rows: list[list]) -> int:
    """The position of the header row: transcriptions often carry a title line or two above it.

    The header is the first of the first rows that names every required column; failing that,
    the first one naming any known column (so the message can say what is missing), else row 1.
    """
    required = {key for key, _label, is_required, _explanation in IMPORT_COLUMNS if is_required}
    index, _test = find_header(rows, lambda row: required <= _header_keys(row), _header_keys,
                               search=HEADER_SEARCH_ROWS)
    return index or 0


def parse_import(rows: list[list], *, workshop: Workshop) -> ImportPreview:
    """Check every row of a flip-chart transcription; nothing is written here."""
    preview = ImportPreview(rows=[])
    header_index = _find_header(rows)
    for skipped in rows[:header_index]:
        text = " ".join(_cell(cell) for cell in skipped if _cell(cell))
        preview.notes.append(
            _("Die Zeile „%(text)s“ über der Kopfzeile wurde als Überschrift übersprungen.") % {"text": text}
        )
    header, *data = rows[header_index:]
    columns = {}
    for position, title in enumerate(header):
        key = HEADER_ALIASES.get(normalise_header(title))
        if key is None:
            if _cell(title):
                preview.notes.append(
                    _("Die Spalte „%(name)s“ ist unbekannt und wird nicht übernommen.") % {"name": _cell(title)}
                )
            continue
        if key in columns:
            preview.file_errors.append(_("Die Spalte „%(name)s“ kommt doppelt vor.") % {"name": _cell(title)})
        columns[key] = position
    for key, label, required, _explanation in IMPORT_COLUMNS:
        if required and key not in columns:
            preview.file_errors.append(
                _("Die Pflichtspalte „%(name)s“ fehlt in der Kopfzeile.") % {"name": label}
            )
    if preview.file_errors:
        return preview
    if not data:
        preview.file_errors.append(_("Die Datei enthält nur die Kopfzeile, aber keine Ergebnisse."))
        return preview

    lookups = _Lookups(workshop)
    seen = {}
    for index, raw in enumerate(data, start=header_index + 2):
        values = {
            key: _cell(raw[position]) if position < len(raw) else ""
            for key, position in columns.items()
        }
        row = ImportRow(line=index, values=values)
        _check_row(row, lookups, seen)
        preview.rows.append(row)
    return preview


def _check_row(row: ImportRow, lookups: _Lookups, seen: dict[tuple[str, str], int]) -> None:
    values, errors = row.values, row.errors
    kind_text = values.get("kind", "")
    if not kind_text:
        errors.append(_("Die Art fehlt."))
    else:
        row.kind = KIND_LOOKUP.get(" ".join(kind_text.casefold().split()), "")
        if not row.kind:
            errors.append(_(
                "„%(value)s“ ist keine bekannte Art (erlaubt: bereits erfolgreich umgesetzt, "
                "Verbesserungsbedarf, dringendes Problem)."
            ) % {"value": kind_text})

    title = values.get("title", "")
    if not title:
        errors.append(_("Der Titel fehlt."))
    elif len(title) > 200:
        errors.append(_("Der Titel ist %(count)s Zeichen lang; höchstens 200 sind erlaubt.") % {"count": len(title)})
    elif row.kind:
        key = (row.kind, title.casefold())
        if key in lookups.existing:
            errors.append(_("Dieses Ergebnis gibt es in diesem Workshop schon (gleiche Art und gleicher Titel)."))
        elif key in seen:
            errors.append(_("Dieses Ergebnis steht schon in Zeile %(line)s der Datei.") % {"line": seen[key]})
        else:
            seen[key] = row.line

    field_text = values.get("field_of_action", "")
    if field_text:
        item = lookups.fields.get(field_text.casefold())
        if item is None:
            errors.append(_("Unbekanntes Handlungsfeld: „%(value)s“.") % {"value": field_text})
        elif not item.is_active:
            errors.append(_("Das Handlungsfeld „%(value)s“ wird nicht mehr verwendet.") % {"value": item.name})
        else:
            row.field_of_action = item

    for name in _split(values.get("target_groups", "")):
        group = lookups.groups.get(name.casefold())
        if group is None:
            errors.append(_("Unbekannte Zielgruppe: „%(value)s“.") % {"value": name})
        elif not group.is_active:
            errors.append(_("Die Zielgruppe „%(value)s“ wird nicht mehr verwendet.") % {"value": group.name})
        elif group not in row.target_groups:
            row.target_groups.append(group)

    for name in _split(values.get("areas", "")):
        if name.casefold() in CITYWIDE_WORDS:
            row.citywide = True
            continue
        areas = lookups.area(name)
        if not areas:
            errors.append(_("Unbekannter Stadtteil oder Stadtbezirk: „%(value)s“.") % {"value": name})
        row.areas.extend(area for area in areas if area not in row.areas)
    if row.citywide and row.areas:
        errors.append(_("„gesamtstädtisch“ und einzelne Stadtteile schließen sich aus."))

    weight_text = values.get("weight", "")
    if weight_text:
        try:
            number = parse_decimal(weight_text)
        except TableError:
            errors.append(_("Die Gewichtung „%(value)s“ ist keine Zahl.") % {"value": weight_text})
        else:
            if number != number.to_integral_value() or number < 0:
                errors.append(_("Die Gewichtung muss eine ganze Zahl ab 0 sein, nicht „%(value)s“.")
                              % {"value": weight_text})
            elif number > Outcome.MAX_WEIGHT:
                errors.append(_("Die Gewichtung „%(value)s“ ist zu groß; höchstens %(max)s sind möglich.")
                              % {"value": weight_text, "max": format_count(Outcome.MAX_WEIGHT)})
            else:
                row.weight = int(number)

    offer = values.get("existing_offer", "")
    if offer:
        if len(offer) > 200:
            errors.append(_("Das bestehende Angebot ist zu lang (höchstens 200 Zeichen)."))
        elif row.kind and row.kind != Outcome.Kind.WORKS:
            errors.append(_("Ein bestehendes Angebot gehört nur zu „bereits erfolgreich umgesetzt“."))


def outcome_import(*, workshop: Workshop, rows: list[list], by: User) -> list[Outcome]:
    """Save every row of the file or none: any bad row rejects the whole import."""
    preview = parse_import(rows, workshop=workshop)
    if not preview.ok:
        raise ImportRejected(preview)
    return _bulk_save(workshop=workshop, preview=preview, by=by)


@transaction.atomic
def _bulk_save(*, workshop: Workshop, preview: ImportPreview, by: User) -> list[Outcome]:
    from django.apps import apps

    objs = [
        Outcome(
            workshop=workshop, kind=row.kind, title=row.values["title"],
            description=row.values.get("description", ""), existing_offer=row.values.get("existing_offer", ""),
            field_of_action=row.field_of_action, citywide=row.citywide, weight=row.weight, created_by=by,
        )
        for row in preview.rows
    ]
    for obj in objs:
        obj.refresh_search_document()  # bulk_create calls no save()
    Outcome.objects.bulk_create(objs, batch_size=1000)
    # bulk_create bypasses simple_history's signals; write the "+" entries (and their m2m) ourselves.
    history = Outcome.history.bulk_history_create(
        objs, batch_size=1000, default_user=by, default_change_reason=_("Import")
    )
    tg_through = Outcome.target_groups.through
    area_through = Outcome.areas.through
    tg_history = apps.get_model("workshops", "HistoricalOutcome_target_groups")
    area_history = apps.get_model("workshops", "HistoricalOutcome_areas")
    tg_rows, area_rows, tg_records, area_records = [], [], [], []
    for obj, record, row in zip(objs, history, preview.rows, strict=True):
        for group in row.target_groups:
            tg_rows.append(tg_through(outcome_id=obj.pk, targetgroup_id=group.pk))
            tg_records.append(record)
        for area in row.areas:
            area_rows.append(area_through(outcome_id=obj.pk, area_id=area.pk))
            area_records.append(record)
    tg_through.objects.bulk_create(tg_rows, batch_size=2000)
    area_through.objects.bulk_create(area_rows, batch_size=2000)
    changes.data_changed()  # bulk writes send no signals
    # The m2m history rows copy the through rows, ids included, as simple_history itself does.
    tg_history.objects.bulk_create(
        (tg_history(id=item.pk, history=record, outcome_id=item.outcome_id, targetgroup_id=item.targetgroup_id)
         for item, record in zip(tg_rows, tg_records, strict=True)),
        batch_size=2000,
    )
    area_history.objects.bulk_create(
        (area_history(id=item.pk, history=record, outcome_id=item.outcome_id, area_id=item.area_id)
         for item, record in zip(area_rows, area_records, strict=True)),
        batch_size=2000,
    )
    return objs


# --- Keeping an upload between preview and confirmation ----------------------------------------

UPLOAD_KIND = "workshop-ergebnisse"


def import_upload_keep(*, workshop: Workshop, by: User, filename: str, rows: list[list]) -> PendingUpload:
    """Keep a checked table for the planner's confirmation; it replaces their earlier one for this workshop."""
    earlier = uploads.latest(kind=UPLOAD_KIND, by=by, options={"workshop": workshop.pk})
    return uploads.keep(kind=UPLOAD_KIND, by=by, filename=filename, table=rows, options={"workshop": workshop.pk},
                        replaces=[earlier.token] if earlier else [])


def import_upload_pending(*, workshop: Workshop, by: User) -> PendingUpload | None:
    return uploads.latest(kind=UPLOAD_KIND, by=by, options={"workshop": workshop.pk})


def import_upload_confirm(*, workshop: Workshop, token: str, by: User) -> list[Outcome]:
    """Import the kept table once, all or nothing; raises uploads.UploadRefused or ImportRejected.

    Without a token (an older page), the planner's pending upload for this workshop is meant.
    """
    if not token:
        pending = import_upload_pending(workshop=workshop, by=by)
        token = pending.token if pending else ""

    def apply(pending):
        if pending.options.get("workshop") != workshop.pk:
            raise uploads.UploadGone(uploads.gone_message())
        return outcome_import(workshop=workshop, rows=pending.table, by=by)

    return uploads.confirm(kind=UPLOAD_KIND, token=token, by=by, apply=apply)


def import_upload_discard(*, workshop: Workshop, by: User) -> None:
    pending = import_upload_pending(workshop=workshop, by=by)
    if pending is not None:
        uploads.discard(kind=UPLOAD_KIND, token=pending.token, by=by)


def import_template_rows() -> tuple[list[str], list[list[str]]]:
    header = [label for _key, label, _required, _explanation in IMPORT_COLUMNS]
    rows = [
        ["bereits erfolgreich umgesetzt", "Familienzentren als Anlaufstelle",
         "Niedrigschwellige Beratung direkt im Quartier wird gut angenommen.", "Familie",
         "Alleinerziehende, Familien mit mehreren Kindern", "Vahrenheide, Sahlkamp", "7",
         "Familienzentrum Vahrenheide"],
        ["Verbesserungsbedarf", "Anträge auf Bildung und Teilhabe vereinfachen",
         "Viele Familien scheitern an Formularen.", "Existenzsicherung und Zugang zu Leistungen",
         "Familien mit mehreren Kindern", "gesamtstädtisch", "12", ""],
        ["dringend", "Energieschulden verhindern Stromsperren nicht", "", "Wohnen",
         "Erwerbstätige mit geringem Einkommen | Ältere Menschen", "Bezirk Linden-Limmer", "9", ""],
    ]
    return header, rows
