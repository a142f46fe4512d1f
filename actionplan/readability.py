"""How easy a German text is to read: Flesch-Amstad and the Wiener Sachtextformel (textstat).

Flesch-Amstad runs from 0 (very hard) to 100 (very easy); plain language ("einfache Sprache")
aims at 70 or more. The first Wiener Sachtextformel gives a school year (4 = very easy, 15 =
very hard); plain language aims at 6 or less.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from core.numbers import format_number

TARGET_FLESCH = 70
TARGET_GRADE = 6
MIN_WORDS = 5

BANDS = [(90, _("sehr leicht")), (80, _("leicht")), (70, _("eher leicht")), (60, _("mittel")),
         (50, _("eher schwer")), (30, _("schwer")), (-1000, _("sehr schwer"))]


@dataclass(frozen=True)
class Readability:
    words: int
    flesch: Decimal | None
    grade: Decimal | None

    target_flesch = TARGET_FLESCH
    target_grade = TARGET_GRADE

    @property
    def band(self):
        if self.flesch is None:
            return ""
        return str(next(label for lower, label in BANDS if self.flesch >= lower))

    @property
    def meets_target(self):
        return self.flesch is not None and self.flesch >= TARGET_FLESCH and self.grade <= TARGET_GRADE

    @property
    def flesch_text(self):
        return _german(self.flesch)

    @property
    def grade_text(self):
        return _german(self.grade)


def _german(number):
    return format_number(number, 1)


def _rounded(number):
    return Decimal(str(number)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def readability(text):
    """Scores for a German text; None scores for texts too short to judge."""
    from textstat.textstat import textstat

    text = (text or "").strip()
    textstat.set_lang("de")
    words = textstat.lexicon_count(text) if text else 0
    if words < MIN_WORDS:
        return Readability(words, None, None)
    # Flesch-Amstad is defined on 0–100; very long words push the raw formula below zero.
    flesch = min(max(textstat.flesch_reading_ease(text), 0), 100)
    return Readability(words, _rounded(flesch), _rounded(textstat.wiener_sachtextformel(text, 1)))
