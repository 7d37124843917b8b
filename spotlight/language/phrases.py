"""The small phrase language rule authors write in, compiled to byte regexes.

A phrase is words separated by spaces, matched case-insensitively, whole words only,
with any run of whitespace (line breaks included) between words:

- ``failed to protect``             the words themselves
- ``(failed|fails|failing) to protect``   one of several words or phrases
- ``the? couple``                   a word (or group) followed by ``?`` may be missing
- ``strangl*``                      a word beginning ``strangl`` (strangled, strangling...)
- ``*``                             any one word (``*'s``: any one word ending in 's)
- ``...``                           up to three words
- ``~``                             up to two words that may stand between others: adverbs
                                    ending in -ly and the rule file's ``inserts`` ("still", "then")
- ``{she}``                         a named list of phrases from the rule file's ``macros``

Phrases are matched against a normalised copy of the text: lower case, and every byte that is
not a letter, digit, apostrophe or hyphen turned into a space (so commas and quotation marks
between words do not hide a phrase). Apostrophes match both ``'`` and ``’``. The compiler also
gives each phrase a *pre-scan* form, its fixed middle without leading or trailing macros and
wildcards, which Hyperscan looks for across the whole text at once; a phrase must contain at
least one word that is always there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

#: Word boundaries on UTF-8 bytes: ASCII letters and digits, and two-byte Latin letters (é, ö, ł...).
#: Three-byte punctuation such as curly quotes and dashes is not part of a word.
_LATIN = rb"[\xc3-\xc5][\x80-\xbf]"
BOUNDARY_BEFORE = rb"(?<![a-z0-9])(?<!" + _LATIN + rb")"
BOUNDARY_AFTER = rb"(?![a-z0-9\xc3-\xc5])"
_SEP = rb"\s+"
_APOSTROPHE = rb"(?:'|\xe2\x80\x99)"


class PhraseError(ValueError):
    """A phrase the compiler cannot read; the message names the phrase and what is wrong."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "stem", "group", "macro", "any", "gap", "slot", "titled", "titled_possessive"
    value: str = ""
    alternatives: tuple[tuple[_Token, ...], ...] = ()
    optional: bool = False


Macros = Mapping[str, tuple[tuple["_Token", ...], ...]]


@dataclass(frozen=True)
class CompiledPhrase:
    source: str
    #: the whole phrase, with word boundaries, for Python's re on one sentence
    regex: bytes
    #: the phrase's fixed middle, without lookarounds, for the fast pre-scan over the whole text
    prefilter: bytes


def _split_top(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _tokenise(phrase: str, source: str) -> tuple[_Token, ...]:
    tokens: list[_Token] = []
    i, n = 0, len(phrase)
    while i < n:
        ch = phrase[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "(":
            depth, j = 0, i
            while j < n:
                if phrase[j] == "(":
                    depth += 1
                elif phrase[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                raise PhraseError(f"{source!r}: a '(' is never closed")
            inner = phrase[i + 1 : j]
            alts = tuple(_tokenise(part, source) for part in _split_top(inner, "|"))
            if any(not alt for alt in alts):
                raise PhraseError(f"{source!r}: an empty choice inside ( | )")
            i = j + 1
            optional = i < n and phrase[i] == "?"
            i += optional
            tokens.append(_Token("group", alternatives=alts, optional=optional))
            continue
        if ch == "{":
            j = phrase.find("}", i)
            if j < 0:
                raise PhraseError(f"{source!r}: a '{{' is never closed")
            name = phrase[i + 1 : j].strip()
            i = j + 1
            optional = i < n and phrase[i] == "?"
            i += optional
            tokens.append(_Token("macro", value=name, optional=optional))
            continue
        j = i
        while j < n and not phrase[j].isspace() and phrase[j] not in "(){}|":
            j += 1
        word = phrase[i:j]
        i = j
        if word == "...":
            tokens.append(_Token("gap"))
            continue
        if word == "~":
            tokens.append(_Token("slot"))
            continue
        if word == "*":
            tokens.append(_Token("any"))
            continue
        if word in ("*'s", "*’s"):
            tokens.append(_Token("any_possessive"))
            continue
        optional = word.endswith("?")
        word = word.rstrip("?")
        stem = word.endswith("*")
        word = word.rstrip("*").lower()
        if not word or not re.fullmatch(r"[\w'’-]+", word):
            raise PhraseError(f"{source!r}: {word!r} is not a word the phrase language knows")
        tokens.append(_Token("stem" if stem else "word", value=word, optional=optional))
    return _titled(tokens)


#: The titles whose "title any-word" (``mr *``, ``ms *'s``) also reads a family's three-letter name,
#: which ``names.stand_ins`` writes as the title and one ``x`` ("Tom" as ``mrx``): a stand-in is as
#: long as the name, and "mr x" would be one letter too long.
STAND_IN_TITLES = ("mr", "ms")


def _titled(tokens: list[_Token]) -> tuple[_Token, ...]:
    """``tokens`` with each ``mr *`` and ``ms *`` (or ``*'s``) made one token that also reads ``mrx``."""
    out: list[_Token] = []
    for token in tokens:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind == "word"
            and previous.value in STAND_IN_TITLES
            and not previous.optional
            and token.kind in ("any", "any_possessive")
        ):
            kind = "titled" if token.kind == "any" else "titled_possessive"
            out[-1] = _Token(kind, value=previous.value)
            continue
        out.append(token)
    return tuple(out)


def _word_regex(word: str) -> bytes:
    parts = [(_APOSTROPHE if ch in "'’" else re.escape(ch.encode("utf-8"))) for ch in word]
    return b"".join(parts)


#: The stem a name the review does not know is written as in its private copy of a sentence
#: (``names.mark_names``). The pre-scan runs before names are marked, so there it is any word.
NAME_STEM = "nx"


def _sequence_regex(tokens: tuple[_Token, ...], macros: Macros, source: str, prescan: bool = False) -> bytes:
    """Tokens joined by whitespace; an optional token carries its own separator."""
    out: list[bytes] = []
    started = False  # has a required token been emitted (so the next one needs a separator)?
    for index, token in enumerate(tokens):
        if token.kind == "gap":
            if not started or index == len(tokens) - 1:
                raise PhraseError(f"{source!r}: '...' must sit between words")
            out.append(rb"(?:\s+[^\s.!?]+){0,3}")
            continue
        if token.kind == "slot":
            if index == 0 or index == len(tokens) - 1:
                raise PhraseError(f"{source!r}: '~' must sit between words")
            insert = rb"[^\s.!?]+" if prescan else _insert_regex(macros)  # simpler for the pre-scan
            out.append(rb"(?:\s+" + insert + rb"){0,2}" if started else rb"(?:" + insert + rb"\s+){0,2}")
            continue
        core = _token_regex(token, macros, source, prescan)
        if token.optional:
            out.append(b"(?:" + _SEP + core + b")?" if started else b"(?:" + core + _SEP + b")?")
            continue
        out.append(_SEP + core if started else core)
        started = True
    if not started:
        raise PhraseError(f"{source!r}: needs at least one word that is not optional")
    return b"".join(out)


def _token_regex(token: _Token, macros: Macros, source: str, prescan: bool = False) -> bytes:
    if token.kind == "word":
        return _word_regex(token.value)
    if token.kind == "stem" and prescan and token.value == NAME_STEM:
        return rb"[^\s.!?]+"
    if token.kind == "stem":
        return _word_regex(token.value) + rb"(?:[a-z0-9'-]|" + _LATIN + rb")*"
    if token.kind == "any":
        return rb"[^\s.!?]+"
    if token.kind == "any_possessive":
        return rb"[^\s.!?]+" + _APOSTROPHE + b"s"
    if token.kind in ("titled", "titled_possessive"):
        title = _word_regex(token.value)
        after = _APOSTROPHE + b"s" if token.kind == "titled_possessive" else b""
        return b"(?:" + title + _SEP + rb"[^\s.!?]+" + after + b"|" + title + b"x" + after + b")"
    if token.kind == "group":
        alternatives = token.alternatives
    elif token.value in macros:
        alternatives = macros[token.value]
    else:
        raise PhraseError(f"{source!r}: no macro called {{{token.value}}}")
    return b"(?:" + b"|".join(_sequence_regex(alt, macros, source, prescan) for alt in alternatives) + b")"


#: The macro that lists the words ``~`` lets stand between others, besides adverbs ending in -ly.
INSERTS = "inserts"


def _insert_regex(macros: Macros) -> bytes:
    """One word that may stand between others: an adverb in -ly, or one of the ``inserts`` macro's words."""
    listed = [_sequence_regex(alt, macros, INSERTS) for alt in macros.get(INSERTS, ())]
    return b"(?:" + b"|".join([rb"[a-z]+ly", *listed]) + rb")(?![a-z0-9'-])"


def _open(token: _Token, macros: Macros) -> bool:
    """Does the token match words the pre-scan cannot pin down: any word (``*``, a name the review
    does not know), a gap, a slot, or a group or word class holding one?"""
    if token.kind in ("any", "any_possessive", "gap", "slot", "titled", "titled_possessive"):
        return True
    if token.kind == "stem":
        return token.value == NAME_STEM
    if token.kind == "group":
        return any(_open(t, macros) for alt in token.alternatives for t in alt)
    if token.kind == "macro":
        return any(_open(t, macros) for alt in macros.get(token.value, ()) for t in alt)
    return False


#: Words so common in case notes that a pre-scan for them alone would stop at most sentences.
_FREQUENT_WORDS = frozenset(
    """relationship abuse violence domestic incident incidents children child mother father mum dad
    parents police home risk safety in at on of the a an to was were is are has had have been by with
    for from that this it she he her him his they them their and or not be being which who what when
    where there then than as so but if also can could would should will must may might did does do no
    one all any some more very just only about after before into over up out""".split()
)


#: Letters (common words not counted) a piece of a phrase must pin down to be its pre-scan alone.
STRONG_PIECE = 7


#: Words that join others and say nothing by themselves.
_FILLER_WORDS = frozenset(
    """in at on of the a an to was were is are be been by with for from that this it and or as""".split()
)


def _pins_down(tokens: tuple[_Token, ...], macros: Macros) -> int:
    """How much a stretch pins down: its letters (common words not counted), and a little more for
    each word it must hold beyond the first ("was taken" over "keys")."""
    required = sum(1 for token in tokens if not token.optional and not _open(token, macros))
    return _fixed_length(tokens, macros) + 2 * max(0, required - 1)


def _fixed_length(tokens: tuple[_Token, ...], macros: Macros, common: frozenset[str] = _FREQUENT_WORDS) -> int:
    """How many letters any match must contain, not counting ``common`` words."""
    total = 0
    for token in tokens:
        if token.optional:
            continue
        if token.kind in ("word", "stem"):
            total += 0 if token.value in common else len(token.value)
        elif token.kind == "group":
            total += min(_fixed_length(alt, macros, common) for alt in token.alternatives)
        elif token.kind == "macro" and token.value in macros:
            total += min(_fixed_length(alt, macros, common) for alt in macros[token.value])
    return total


def _core(tokens: tuple[_Token, ...], macros: Macros) -> tuple[_Token, ...]:
    """The phrase's pre-scan form: its most distinctive stretch of words.

    Where ``...`` splits the phrase, each stretch is considered and the one that pins down most
    (letters of uncommon words, and a little for each extra word) is kept. Optional words and open
    tokens (any word, a name the review does not know, a word class that holds one, a ``~`` slot)
    are dropped from a stretch's ends; a word class of fixed words ("{violence}") counts as fixed.
    Any word inside the pre-scan makes Hyperscan slow (see docs/language-review.md), so where a
    stretch still holds one, a piece between open tokens that pins down ``STRONG_PIECE`` letters on
    its own is pre-scan enough; failing that the stretch stays whole, less the filler words at its
    ends ("the", "to", "was"), which pin nothing down. The full phrase is still checked on each
    candidate sentence."""

    def open_(token: _Token) -> bool:
        return _open(token, macros)

    def loose(token: _Token) -> bool:
        return token.optional or open_(token)

    def filler(token: _Token) -> bool:
        return loose(token) or _fixed_length((token,), macros, _FILLER_WORDS) == 0

    def distinctive(stretch: tuple[_Token, ...]) -> tuple[_Token, ...]:
        kept = _strip_ends(stretch, loose)
        if not any(open_(token) for token in kept):
            return kept
        pieces = [_strip_ends(piece, loose) for piece in _split(kept, open_)]
        strongest = max(pieces, key=lambda piece: _pins_down(piece, macros))
        if _fixed_length(strongest, macros) >= STRONG_PIECE:
            return strongest
        return _strip_ends(kept, filler) or kept

    stretches = _split(tokens, lambda token: token.kind == "gap")
    return max((distinctive(stretch) for stretch in stretches), key=lambda stretch: _pins_down(stretch, macros))


def _split(tokens: tuple[_Token, ...], at: Callable[[_Token], bool]) -> list[tuple[_Token, ...]]:
    """The runs of tokens between those ``at`` picks out (which are left out)."""
    runs: list[tuple[_Token, ...]] = [()]
    for token in tokens:
        if at(token):
            runs.append(())
        else:
            runs[-1] += (token,)
    return runs


def _strip_ends(tokens: tuple[_Token, ...], drop: Callable[[_Token], bool]) -> tuple[_Token, ...]:
    """``tokens`` less those ``drop`` picks out at either end."""
    start, end = 0, len(tokens)
    while start < end and drop(tokens[start]):
        start += 1
    while end > start and drop(tokens[end - 1]):
        end -= 1
    return tokens[start:end]


def compile_macros(raw: Mapping[str, list[str]]) -> dict[str, tuple[tuple[_Token, ...], ...]]:
    macros: dict[str, tuple[tuple[_Token, ...], ...]] = {}
    for name, phrases in raw.items():
        macros[name] = tuple(_tokenise(p, f"macro {name}: {p}") for p in phrases)
        for alt in macros[name]:
            if any(token.kind == "macro" for token in alt):
                raise PhraseError(f"macro {name}: a macro cannot use another macro")
    return macros


def compile_phrase(phrase: str, macros: Macros) -> CompiledPhrase:
    """Compile one rule phrase; raises PhraseError naming the phrase when it can't."""
    tokens = _tokenise(phrase, phrase)
    if not tokens:
        raise PhraseError(f"{phrase!r}: the phrase is empty")
    body = _sequence_regex(tokens, macros, phrase)
    core = _core(tokens, macros)
    if not core:
        raise PhraseError(f"{phrase!r}: needs at least one word that is always present (not optional, not a macro)")
    regex = BOUNDARY_BEFORE + body + BOUNDARY_AFTER
    return CompiledPhrase(phrase, regex, _prefilter(_sequence_regex(core, macros, phrase, prescan=True)))


def _prefilter(body: bytes) -> bytes:
    """The pre-scan form runs on the normalised text, where every gap between words is spaces. Up to
    three spaces between words (a comma, a line break, a full stop and a space) keeps the pre-scan
    several times faster than any whitespace at all; a phrase split by a longer gap is not found."""
    return rb"\b" + body.replace(rb"[^\s.!?]", b"[^ ]").replace(rb"\s+", b" {1,3}") + rb"\b"


def compile_context(phrases: list[str], macros: Macros) -> bytes | None:
    """An alternation of context phrases (for the ``unless`` checks); no anchors needed."""
    if not phrases:
        return None
    bodies = []
    for phrase in phrases:
        tokens = _tokenise(phrase, phrase)
        if not tokens:
            raise PhraseError(f"{phrase!r}: the phrase is empty")
        bodies.append(_sequence_regex(tokens, macros, phrase))
    return BOUNDARY_BEFORE + b"(?:" + b"|".join(bodies) + b")" + BOUNDARY_AFTER


def words_of(phrases: list[str]) -> tuple[set[str], set[str]]:
    """Every literal word and every stem (``strangl*``) the phrases use: the rules' own vocabulary."""
    words: set[str] = set()
    stems: set[str] = set()

    def walk(tokens: tuple[_Token, ...]) -> None:
        for token in tokens:
            if token.kind in ("word", "titled", "titled_possessive"):
                words.add(token.value)
            elif token.kind == "stem":
                stems.add(token.value)
            for alt in token.alternatives:
                walk(alt)

    for phrase in phrases:
        walk(_tokenise(phrase, phrase))
    return words, stems
