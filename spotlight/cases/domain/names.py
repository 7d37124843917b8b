"""How "Find a family" reads a name, free of Django: its words, folded, and how each word sounds.

A name is cut into words (a space, a hyphen or any other mark between letters starts a new one) and
each word is folded: lower case, accents and apostrophes dropped ("O'Brien" is "obrien", "Zoë" is
"zoe"). Each word of Latin letters also gets a sound key (Metaphone), so that names spelled
differently but said alike share one: "Brown" and "Browne", "Jon" and "John", "Mohammed" and
"Muhammad". The same functions fold the stored names and what a worker types, so the two meet.
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish

#: The longest word kept, and the longest sound key (both fit the columns that hold them).
WORD_MAX = 60
SOUND_MAX = 16

#: Words that say nothing about which family: "Reid family" is looked up by "Reid".
FAMILY_WORDS = frozenset({"family"})

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "œ": "oe"})
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`\u00b4]")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, without accents or apostrophes: "O'Brien-Zoë" is "obrien-zoe"."""
    text = text.casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", text)


def name_words(text: str) -> list[str]:
    """The folded words of a name, each once, in order: "Mary-Jane O'Brien" is mary, jane, obrien."""
    words: list[str] = []
    for word in _WORD.findall(fold(text)):
        word = word[:WORD_MAX]
        if word not in words:
            words.append(word)
    return words


def sound_key(word: str) -> str:
    """How a folded word sounds (Metaphone), or "" for a word that is not all Latin letters."""
    if not (word.isascii() and word.isalpha()):
        return ""
    return jellyfish.metaphone(word)[:SOUND_MAX]


def name_keys(*names: str, leave_out: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Each word of the names, once, with its sound key: what is stored for a person or a family."""
    keys: list[tuple[str, str]] = []
    for name in names:
        for word in name_words(name):
            if word not in leave_out and all(word != w for w, _ in keys):
                keys.append((word, sound_key(word)))
    return keys
