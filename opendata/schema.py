"""The OpenAPI schema names the licence and the attribution, as every answer of the API does."""

from django.conf import settings

from opendata.licence import GEODATA_LICENCE


def add_licence(result, generator, request, public):
    """drf-spectacular post-processing hook; reads the settings when the schema is built."""
    info = result.setdefault("info", {})
    info["license"] = {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}
    info["description"] = (
        f"{info.get('description', '')}\n\n"
        f"Lizenz: {settings.OPEN_DATA_LICENCE_NAME} ({settings.OPEN_DATA_LICENCE_ID}); "
        f"Namensnennung: „{settings.OPEN_DATA_ATTRIBUTION}“. Werte stehen unter Quelle und Lizenz ihres "
        f"Indikators, die Gebietsgrenzen unter {GEODATA_LICENCE['name']} („{GEODATA_LICENCE['namensnennung']}“)."
    ).strip()
    return result
