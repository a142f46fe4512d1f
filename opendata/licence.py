"""The licence and attribution every API response, download and catalogue entry carries."""

from django.conf import settings

from district_statistics.numbers import GEODATA_ATTRIBUTION

# The area boundaries are the city's Geoinformation's, under their own licence.
GEODATA_LICENCE = {
    "name": "Creative Commons Namensnennung 4.0 International",
    "kennung": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "namensnennung": GEODATA_ATTRIBUTION,
}


def city_licence():
    """The licence of the city's own data (measures, outcomes, events, comments, areas)."""
    return {
        "name": settings.OPEN_DATA_LICENCE_NAME,
        "kennung": settings.OPEN_DATA_LICENCE_ID,
        "url": settings.OPEN_DATA_LICENCE_URL,
        "namensnennung": settings.OPEN_DATA_ATTRIBUTION,
    }


def link_header(url=None):
    # RFC 8288 "license" relation; header values must stay ASCII, so the name goes in the body.
    return f'<{url or settings.OPEN_DATA_LICENCE_URL}>; rel="license"'


def indicator_licence_name(indicator):
    # Without a recorded licence the values are published as the city's own data, under the city's
    # licence – the same rule the catalogue states with the licence's URI.
    return indicator.licence or settings.OPEN_DATA_LICENCE_NAME


def indicator_attribution(indicator):
    parts = [indicator.source_publisher, indicator.source_publication]
    return ", ".join(part for part in parts if part) or settings.OPEN_DATA_ATTRIBUTION


def indicator_source(indicator):
    return {
        "herausgeber": indicator.source_publisher,
        "veroeffentlichung": indicator.source_publication,
        "url": indicator.source_url,
        "lizenz": indicator_licence_name(indicator),
        "namensnennung": indicator_attribution(indicator),
    }


def indicator_source_text(indicator):
    parts = [indicator.source_publisher, indicator.source_publication, indicator.source_url]
    return ", ".join(part for part in parts if part)
