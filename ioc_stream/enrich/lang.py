"""Language of a post (en/es/pt), from the feed's hint or from function words and spelling.

Airline posts are short and full of @handles, URLs, hashtags and flight codes, so a general
language model adds weight without adding accuracy. Instead each language has a list of its
most frequent function words (and a few spellings only it uses: "ñ", "ção", "ã"); the language
whose words weigh most wins, English when nothing tells them apart.
"""

from __future__ import annotations

__all__ = ["LANGS", "detect_lang"]

LANGS = ("en", "es", "pt")

_EN = (
    "the a an and to is are was were be been i i'm i've we we're you your it it's this that of "
    "for on in at with my our me us they their have has had not just can can't don't didn't "
    "what why how when will would should could there here from get got still been again "
    "flight flights thanks thank please now today tonight hours no so but all if or do did does am "
    "by as up out off go going gonna you're i'll im dont cant u ur"
)
_ES = (
    "a no el la los las un una y que de del al en es son está están estoy estamos por para con sin "
    "mi mis nos nuestro su sus pero muy más ya hay fue han ha hemos lo le les se todo todos "
    "nada esta este ese esa como cuando porque donde desde hasta también vuelo vuelos avión "
    "gracias favor hoy ahora aquí horas salida llegada maleta equipaje seguimos sigo llevamos o sí "
    "tengo tiene vez otra qué cuándo dónde bien mal nunca ni siempre tarde me"
)
_PT = (
    "o a no os as um uma e que de do da dos das na nos nas ao em é são está estão estou "
    "estamos por para com sem meu minha meus minhas nosso nossa seu sua mas muito mais já há "
    "foi tem temos isso isto esse essa como quando porque onde desde até também voo voos vôo "
    "avião obrigado obrigada favor hoje agora aqui horas saída chegada mala bagagem você vocês "
    "eu ele ela não nada ainda continuamos se ou sim tenho vez outra bem mal nunca nem sempre pra pro "
    "tá né vc vcs"
)


#: Function words per language, as UTF-8 bytes (see `detect_lang` for why bytes).
_LEXICON = {
    lang: frozenset(w.encode() for w in words.split()) for lang, words in (("en", _EN), ("es", _ES), ("pt", _PT))
}
_ANY = frozenset().union(*_LEXICON.values())
# ASCII punctuation and URL pieces become spaces so split() yields bare words; "@" and "#" stay
# glued to their word, which keeps handles and hashtags out of every function-word list.
_PUNCT = b'.,;:!?()[]{}"/|-_*~+=<>'
_SEPARATORS = bytes.maketrans(_PUNCT, b" " * len(_PUNCT))
# The same, lower-casing ASCII letters too (for ASCII texts, where that is all str.lower does).
_ASCII_SEPARATORS = bytes.maketrans(
    _PUNCT + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b" " * len(_PUNCT) + b"abcdefghijklmnopqrstuvwxyz"
)
# Words that count for Spanish or Portuguese but not for English.
_NOT_EN = (_LEXICON["es"] | _LEXICON["pt"]) - _LEXICON["en"]
# Spellings only one of the languages uses, each worth this many function words.
_SPELLING = {
    "es": (("ñ", 2.0), ("¿", 2.0), ("¡", 2.0), ("ción", 2.0)),
    "pt": (("ção", 2.0), ("ções", 2.0), ("ã", 1.5), ("õ", 1.5), ("ç", 1.0), ("ê", 0.5)),
}


def detect_lang(text: str, hint: str | None = None) -> str:
    """Return "en", "es" or "pt" (the feed's hint wins when it names one of those).

    Each language scores one point per distinct function word of its own in the post, plus
    the weights of its telltale spellings; Spanish or Portuguese must beat English outright
    (English is the default for a post that gives nothing away, e.g. "lol" or a bare URL).

    >>> detect_lang("seguimos en el avión, vuelo desviado a Monterrey")
    'es'
    >>> detect_lang("voo cancelado de novo, que absurdo")
    'pt'
    """
    if hint in LANGS:
        return hint
    if text.isascii():
        # One C pass lower-cases and blanks punctuation. Without an accent to count, Spanish or
        # Portuguese can only beat English with a function word English does not share.
        words = text.encode().translate(_ASCII_SEPARATORS).split()
        if _NOT_EN.isdisjoint(words):
            return "en"
        return _decide(_ANY.intersection(words), words, 0.0, 0.0)
    low = text.lower()
    # bytes.translate is a C table lookup, several times faster than str.translate; UTF-8
    # multi-byte letters (>= 0x80) pass through untouched.
    words = low.encode().translate(_SEPARATORS).split()
    es = pt = 0.0
    if not low.isascii():
        es = sum(w for mark, w in _SPELLING["es"] if mark in low)
        pt = sum(w for mark, w in _SPELLING["pt"] if mark in low)
    return _decide(_ANY.intersection(words), words, es, pt)


def _decide(found: frozenset[bytes] | set[bytes], words: list[bytes], es_spelling: float, pt_spelling: float) -> str:
    """The language whose function words (`found`) and spellings weigh most; English unless beaten."""
    en = len(_LEXICON["en"] & found)
    es = len(_LEXICON["es"] & found) + es_spelling
    pt = len(_LEXICON["pt"] & found) + pt_spelling
    if es > en and es > pt:
        return "es"
    if pt > en and pt > es:
        return "pt"
    if pt > en and pt == es:
        return _tie_es_pt(words)
    return "en"


_ES_ONLY_LETTERS = (b"ue", b"ie", b"ll")


def _tie_es_pt(words: list[bytes]) -> str:
    """Spanish and Portuguese scored alike: Spanish diphthongs ("vuelo", "tiene") break the tie."""
    return "es" if any(d in w for w in words for d in _ES_ONLY_LETTERS) else "pt"
