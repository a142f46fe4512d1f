"""German word stems for search where the database has none (the embedded SQLite default).

PostgreSQL's `german` text-search configuration stems with Snowball; this module uses the same
Snowball German algorithm, so "Kampagnen", "Lernförderungen" or "Familienzentren" find the same
rows on both backends. A model keeps a stemmed copy of its searchable text (`search_document`)
and a query matches each stemmed term as a word prefix, as `term:*` does in PostgreSQL.
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


def stems(text: str) -> list[str]:
    words = [word.lower() for word in WORD.findall(text or "")]
    return _stemmer().stemWords(words) if words else []


def search_document(*texts: str) -> str:
    """One line of stems, each preceded by a space, so " stem" matches at a word start."""
    return "".join(f" {stem}" for text in texts for stem in stems(text)) + " "
