"""The report's introduction for the demo, also in plain language (set once; a department's own text is never
overwritten)."""

from reports.models import ReportSettings

INTRO_TITLE = "Einleitung"
INTRO_TEXT = """\
Armut ist in Hannover ungleich verteilt: In einigen Stadtteilen leben überdurchschnittlich viele \
Kinder, Alleinerziehende und ältere Menschen von Grundsicherung, in anderen kaum. Viele Menschen, \
denen Leistungen zustehen, nehmen sie nicht in Anspruch; sie tauchen in keiner Statistik auf.

Mit dem Aktionsplan gegen Armut – für mehr Teilhabe bündelt die Landeshauptstadt Hannover, was \
Verwaltung, Wohlfahrtsverbände, Vereine, Initiativen und Wohnungswirtschaft gemeinsam gegen Armut \
unternehmen. Grundlage sind die Ergebnisse des Fachtags „Armut und Teilhabe“: was bereits wirkt, \
wo es Verbesserungsbedarf gibt und welche Probleme dringend angegangen werden müssen.

Dieser Bericht stellt die Maßnahmen je Handlungsfeld vor, zeigt Kennzahlen zur Armut in den \
Stadtteilen, benennt die dringenden Probleme, die noch keine Maßnahme aufgreift, und dokumentiert \
im Anhang die Stellungnahmen aus der Beteiligung mit der Abwägung der Verwaltung.

(Demo-Text: Diese Installation enthält erfundene Inhalte zur Vorführung.)"""


INTRO_PLAIN_TEXT = """\
In Hannover haben viele Menschen wenig Geld. Die Stadt will das ändern. Dafür gibt es einen Plan. \
Viele haben an dem Plan mitgearbeitet: die Stadt, Vereine und Verbände.

In diesem Bericht steht, was die Stadt tun will. Sie lesen auch, wo in Hannover die Armut groß ist. \
(Demo-Text)"""


def seed(context):
    settings = ReportSettings.load()
    if not settings.intro_text:
        settings.intro_title = INTRO_TITLE
        settings.intro_text = INTRO_TEXT
        settings.version_label = "1.0 (Demo)"
        settings.save()
    if not settings.intro_plain_text and settings.intro_text == INTRO_TEXT:
        settings.intro_plain_text = INTRO_PLAIN_TEXT
        settings.save()
    context.extra["report_settings"] = settings
