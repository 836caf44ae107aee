"""Stop words for word frequency, per language: the function words of a well-kept list (the
``stopwords`` package, 42 languages), plus, for English, the fillers and light verbs of speech
that fill interview transcripts ("yeah", "um", "kind of", "going to")."""

from __future__ import annotations

from functools import cache

import stopwords as _lists

from workbench.core.errors import ValidationError

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "stop_words_for"]

DEFAULT_LANGUAGE = "en"
# ISO 639-1 code (pt-BR too) → English name, as the list names them ("ukranian" sic).
LANGUAGES: dict[str, str] = {
    code: name.replace("ukranian", "ukrainian").capitalize()
    for code, name in sorted(_lists.LANGUAGE_MAPPING.items())
}
_SPOKEN = {
    "en": """
        actually also bit can even ever every get gets getting going gonna got however just kind
        know like lot made make many may maybe might much must need now often oh ok okay one
        really right said say says see something sort still thing things think though uh um upon
        us want way well will yeah yes yet
    """,
}


@cache
def stop_words_for(language: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """The stop words of ``language`` (an ISO 639-1 code such as "en", "de", "pt-BR")."""
    if language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ValidationError(f"No stop word list for {language!r}; choose one of {known}.")
    words = {w.strip().casefold() for w in _lists.get_stopwords(language) if w.strip()}
    return frozenset(words | set(_SPOKEN.get(language, "").split()))
