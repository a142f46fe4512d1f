"""The DCAT-AP.de catalogue of the platform's open data, as JSON-LD.

Built for the public (never for the signed-in person asking): a catalogue is harvested by portals
and must list only what everybody may fetch. Hand-built dicts, so no RDF library is needed at run
time; the tests parse the result with rdflib.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Measure
from core.models import Area
from district_statistics.models import ImportLog
from opendata import selectors
from opendata.downloads import DATASETS
from opendata.licence import GEODATA_LICENCE, indicator_attribution
from workshops.models import Outcome

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
THEME_SOCIETY = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
THEME_REGIONS = "http://publications.europa.eu/resource/authority/data-theme/REGI"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/DEU"
# Amtlicher Gemeindeschlüssel of the Landeshauptstadt Hannover.
HANNOVER_GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/03241001"
GEOCODING_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
FILE_TYPES = {
    "csv": ("http://publications.europa.eu/resource/authority/file-type/CSV", "text/csv"),
    "json": ("http://publications.europa.eu/resource/authority/file-type/JSON", "application/json"),
    "geojson": ("http://publications.europa.eu/resource/authority/file-type/GEOJSON", "application/geo+json"),
}
CC_BY_4 = "http://dcat-ap.de/def/licenses/cc-by/4.0"


def _uri(value):
    return {"@id": value}


def _datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return {"@value": timezone.localtime(value).isoformat(timespec="seconds"), "@type": "xsd:dateTime"}
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _period(start, end):
    if start is None and end is None:
        return None
    period = {"@type": "dct:PeriodOfTime"}
    if start is not None:
        period["dcat:startDate"] = _datetime(start)
    if end is not None:
        period["dcat:endDate"] = _datetime(end)
    return period


def _agent():
    return {"@type": "foaf:Organization", "foaf:name": settings.OPEN_DATA_PUBLISHER}


def _contact():
    return {
        "@type": "vcard:Organization",
        "vcard:fn": settings.OPEN_DATA_CONTACT_NAME,
        "vcard:hasEmail": _uri(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}"),
    }


def _spatial():
    return {"@type": "dct:Location", "dcatde:politicalGeocodingURI": _uri(HANNOVER_GEOCODING)}


def _distribution(absolute, *, dataset_id, fmt, url, title, licence_uri, attribution, modified, api=False):
    file_type, media_type = FILE_TYPES[fmt]
    distribution = {
        "@id": f"{dataset_id}#{'api' if api else fmt}",
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": _uri(absolute(url)),
        "dct:format": _uri(file_type),
        "dcat:mediaType": _uri(f"https://www.iana.org/assignments/media-types/{media_type}"),
        "dct:license": _uri(licence_uri),
        "dcatde:licenseAttributionByText": attribution,
    }
    if not api:
        distribution["dcat:downloadURL"] = _uri(absolute(url))
    if modified is not None:
        distribution["dct:modified"] = _datetime(modified)
    return distribution


def _dataset(absolute, *, key, title, description, keywords, api_url, downloads, licence_uri, attribution,
             modified, temporal, themes=(THEME_SOCIETY,), landing_page=None):
    dataset_id = absolute(reverse("opendata:catalogue")) + f"#{key}"
    distributions = [_distribution(absolute, dataset_id=dataset_id, fmt="json", url=api_url,
                                   title=f"{title} – API (JSON, seitenweise)", licence_uri=licence_uri,
                                   attribution=attribution, modified=modified, api=True)]
    for fmt, url in downloads:
        distributions.append(_distribution(absolute, dataset_id=dataset_id, fmt=fmt, url=url,
                                           title=f"{title} – {fmt.upper()}", licence_uri=licence_uri,
                                           attribution=attribution, modified=modified))
    dataset = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_id,
        "dct:title": title,
        "dct:description": description,
        "dcat:keyword": list(keywords),
        "dcat:theme": [_uri(theme) for theme in themes],
        "dct:language": _uri(LANGUAGE),
        "dct:publisher": _agent(),
        "dcat:contactPoint": _contact(),
        "dct:spatial": _spatial(),
        "dcatde:politicalGeocodingLevelURI": _uri(GEOCODING_LEVEL),
        "dcatde:politicalGeocodingURI": _uri(HANNOVER_GEOCODING),
        "dct:license": _uri(licence_uri),
        "dcatde:licenseAttributionByText": attribution,
        "dcat:distribution": distributions,
    }
    if modified is not None:
        dataset["dct:modified"] = _datetime(modified)
    if temporal is not None:
        dataset["dct:temporal"] = temporal
    if landing_page:
        dataset["dcat:landingPage"] = _uri(absolute(landing_page))
    return dataset


def _downloads(key, formats, **kwargs):
    return [(fmt, reverse("opendata:download", kwargs={"dataset": key, "fmt": fmt, **kwargs})) for fmt in formats]


def _latest(*moments):
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def catalogue(absolute):
    """The catalogue as a JSON-LD document; `absolute` turns a path into a full URL."""
    public = AnonymousUser()
    city_uri, city_text = settings.OPEN_DATA_LICENCE_URI, settings.OPEN_DATA_ATTRIBUTION
    measures = selectors.measures(public)
    measure_span = measures.aggregate(start=Min("start_date"), end=Max("end_date"))
    measures_changed = Measure.history.aggregate(latest=Max("history_date"))["latest"]
    outcomes_changed = Outcome.history.aggregate(latest=Max("history_date"))["latest"]
    event_span = selectors.events(public).aggregate(start=Min("date"), end=Max("date"))
    statistics_changed = ImportLog.objects.aggregate(latest=Max("imported_at"))["latest"]

    datasets = [
        _dataset(absolute, key="massnahmen", title=DATASETS["massnahmen"].title,
                 description=DATASETS["massnahmen"].description,
                 keywords=["Armut", "Teilhabe", "Aktionsplan", "Maßnahmen", "Sozialplanung"],
                 api_url=reverse("opendata:measure-list"), downloads=_downloads("massnahmen", ("csv", "json")),
                 licence_uri=city_uri, attribution=city_text, modified=measures_changed,
                 temporal=_period(measure_span["start"], measure_span["end"]),
                 landing_page=reverse("actionplan:index")),
        _dataset(absolute, key="ergebnisse", title=DATASETS["ergebnisse"].title,
                 description=DATASETS["ergebnisse"].description,
                 keywords=["Armut", "Teilhabe", "Beteiligung", "Workshop", "Fachtag"],
                 api_url=reverse("opendata:outcome-list"), downloads=_downloads("ergebnisse", ("csv", "json")),
                 licence_uri=city_uri, attribution=city_text, modified=outcomes_changed,
                 temporal=_period(event_span["start"], event_span["end"]),
                 landing_page=reverse("workshops:outcome_list")),
    ]
    changes = [measures_changed, outcomes_changed, statistics_changed]
    for indicator in selectors.indicators(public):
        changes += [indicator.updated_at, indicator.values_changed]
        attribution = indicator_attribution(indicator)
        temporal = None
        if indicator.first_year is not None:
            temporal = _period(datetime.date(indicator.first_year, 1, 1), datetime.date(indicator.last_year, 12, 31))
        description = indicator.definition or indicator.name
        if indicator.is_example_data:
            description += " – Beispieldaten: erfundene Werte zur Vorführung, keine amtliche Statistik."
        dataset = _dataset(
            absolute, key=f"indikator-{indicator.key}", title=f"Sozialstatistik Hannover: {indicator.name}",
            description=description, keywords=["Armut", "Sozialstatistik", "Stadtteile", indicator.name],
            api_url=reverse("opendata:value-list") + f"?indikator={indicator.pk}",
            downloads=_downloads("werte", ("csv", "json"), indikator=indicator.key),
            # An indicator keeps the licence of its source; without one recorded, the city's applies.
            licence_uri=_licence_uri(indicator.licence) or city_uri, attribution=attribution,
            modified=_latest(indicator.updated_at, indicator.values_changed, statistics_changed),
            temporal=temporal, themes=(THEME_SOCIETY, THEME_REGIONS),
            landing_page=indicator.get_absolute_url(),
        )
        if indicator.source_url:
            dataset["dct:source"] = _uri(indicator.source_url)
        datasets.append(dataset)
    areas_changed = Area.objects.aggregate(latest=Max("updated_at"))["latest"]
    changes.append(areas_changed)
    datasets.append(_dataset(
        absolute, key="gebiete", title=DATASETS["gebiete"].title, description=DATASETS["gebiete"].description,
        keywords=["Stadtteile", "Stadtbezirke", "Grenzen", "GeoJSON"], api_url=reverse("opendata:area-list"),
        downloads=_downloads("gebiete", ("csv", "json", "geojson")), licence_uri=CC_BY_4,
        attribution=GEODATA_LICENCE["namensnennung"], modified=areas_changed,
        temporal=None, themes=(THEME_REGIONS,),
    ))
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "Aktionsplan gegen Armut – Offene Daten der Landeshauptstadt Hannover",
        "dct:description": (
            "Maßnahmen, Workshop-Ergebnisse und Sozialstatistik des Aktionsplans gegen Armut der "
            "Landeshauptstadt Hannover."
        ),
        "dct:publisher": _agent(),
        "dct:language": _uri(LANGUAGE),
        "foaf:homepage": _uri(absolute(reverse("home"))),
        "dct:license": _uri(city_uri),
        "dct:spatial": _spatial(),
        "dct:modified": _datetime(_latest(*changes) or timezone.now()),
        "dcat:dataset": datasets,
    }


# Licence texts as indicators record them, mapped to the DCAT-AP.de licence vocabulary.
KNOWN_LICENCES = {
    "datenlizenz deutschland – namensnennung 2.0": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    "datenlizenz deutschland – namensnennung – version 2.0": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    "dl-de/by-2-0": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    "datenlizenz deutschland – zero – version 2.0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "dl-de/zero-2-0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "cc by 4.0": CC_BY_4,
    "cc-by-4.0": CC_BY_4,
    "cc0": "http://dcat-ap.de/def/licenses/cc-zero",
}


def _licence_uri(text):
    normalised = " ".join((text or "").lower().split())
    for known, uri in KNOWN_LICENCES.items():
        if normalised == known or normalised.startswith(known + " "):
            return uri
    return None
