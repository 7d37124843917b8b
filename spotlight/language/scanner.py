"""The fast core of the language review: UTF-8 bytes in, byte-offset findings out.

Hyperscan looks for every rule phrase's fixed middle across the whole text in one pass; only
the sentences where it finds one are then matched against the full phrase, with its word
boundaries and its exceptions, by Python's ``re``. The cost grows with the text's length and
the number of candidate sentences, not with the number of rules.
"""

from __future__ import annotations

import hashlib
import re
import threading
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress, count

import hyperscan

from spotlight.language.cache import read_cached, write_cached
from spotlight.language.findings import Severity
from spotlight.language.model import SentenceModel
from spotlight.language.names import NAME_MARK, StandIns, apply_stand_ins, mark_names
from spotlight.language.ruleset import CompiledRule, LazyPattern, Ruleset

#: How many sentences' phrase matches are remembered (then the memory starts again).
MEMO_SIZE = 4096
#: How far a sentence may reach either side of an anchor word.
WINDOW_REACH = 600
_SENTENCE_END = re.compile(rb"[.!?]|\n[ \t]*\n")
_MARKER = re.compile(rb"\[\[[ \t]*keep\b[ \t]*(?::[ \t]*([^\]\n]*?))?[ \t]*\]\]", re.IGNORECASE)
_OPEN_DQ, _CLOSE_DQ = "“".encode(), "”".encode()
_OPEN_SQ, _CLOSE_SQ = "‘".encode(), "’".encode()
_WORDISH = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") | frozenset(range(0x80, 0x100))

KEEP_WITHOUT_REASON = CompiledRule(
    id="keep-without-reason",
    family="review",
    family_label="Review markers",
    severity=Severity.WARNING,
    message="A [[keep]] marker needs a reason after a colon, such as [[keep: her own words]], so the next reader "
    "knows why the wording stayed.",
    suggestions=(),
)


@dataclass(slots=True)
class RawFinding:
    start: int
    end: int
    rule: CompiledRule
    dismissed: str | None = None
    #: for the second reader's findings, the words that weighed most
    because: tuple[str, ...] = ()


#: Texts this long are pre-scanned once per distinct sentence (``Scanner._scan_once_per_sentence``).
REPEATS_FROM = 64 * 1024
#: Sentences of long texts remembered with what was found in them, per generation (two are kept;
#: a few MB each)
SENTENCES_PER_GENERATION = 40_000
#: Question and exclamation marks read as full stops, to split a text into sentences quickly
_MARKS_AS_STOPS = bytes.maketrans(b"!?", b"..")
#: What stands between distinct sentences when they are pre-scanned together
_UNIT_GAP = b"\n\n"

#: A sentence, for the second reader and ``scan_every_phrase``: up to a full stop, question or
#: exclamation mark, or a blank line (a single line break is only a wrapped line)
_SENTENCE = re.compile(rb"(?:[^.!?\n]|\n(?![ \t]*\n))+[.!?]*")


def _byte_spans(
    sentence: bytes, raised: list[tuple[str, tuple[str, ...], int, int]]
) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """The second reader's (family, words, start, end) in characters -> (start, end, family, words) in bytes."""
    if sentence.isascii():
        return [(s, e, family, because) for family, because, s, e in raised]
    text = sentence.decode("utf-8", "replace")
    return [(len(text[:s].encode()), len(text[:e].encode()), family, because) for family, because, s, e in raised]


def _quoted(data: bytes, start: int, end: int) -> bool:
    """Is data[start:end] someone's own words: does it start, or end, inside quotation marks on its line?
    (Checking the end too catches a quotation that begins mid-phrase: mum "chose to stay".)"""
    line_start = data.rfind(b"\n", max(0, start - 2000), start) + 1
    if not _may_open_quote(data, line_start, end - 1):
        return False
    line_end = data.find(b"\n", end, end + 2000)
    if line_end < 0:
        line_end = min(len(data), end + 2000)
    return _inside_quotes(data, line_start, start, end, line_end) or _inside_quotes(
        data, line_start, end - 1, end, line_end
    )


def _may_open_quote(data: bytes, start: int, end: int) -> bool:
    """Could anything in data[start:end] open a quotation (see ``_inside_quotes``): a straight double
    quote, an opening curly quote, or a straight single quote at the start of a word (not an
    apostrophe within one)? Most lines have none, and this is far quicker to ask."""
    if data.find(b'"', start, end) >= 0 or data.find(_OPEN_DQ, start, end) >= 0 or data.find(_OPEN_SQ, start, end) >= 0:
        return True
    index = data.find(b"'", start, end)
    while index >= 0:
        if (index == start or data[index - 1] not in _WORDISH) and index + 1 < end and data[index + 1] in _WORDISH:
            return True
        index = data.find(b"'", index + 1, end)
    return False


def _inside_quotes(data: bytes, line_start: int, start: int, end: int, line_end: int) -> bool:
    before = data[line_start:start]
    after = data[end:line_end]
    if before.count(b'"') % 2 == 1 and b'"' in after:
        return True
    if before.rfind(_OPEN_DQ) > before.rfind(_CLOSE_DQ) and _CLOSE_DQ in after:
        return True
    opened = before.rfind(_OPEN_SQ)
    if opened >= 0 and not _closes_single(before, opened + len(_OPEN_SQ), _CLOSE_SQ) and _CLOSE_SQ in after:
        return True
    return _inside_straight_single(before, after)


def _closes_single(text: bytes, from_index: int, mark: bytes) -> bool:
    """Is there a closing single quote (not an apostrophe inside a word) in text[from_index:]?"""
    index = text.find(mark, from_index)
    while index >= 0:
        following = text[index + len(mark) : index + len(mark) + 1]
        if not following or following[0] not in _WORDISH:
            return True
        index = text.find(mark, index + len(mark))
    return False


def _inside_straight_single(before: bytes, after: bytes) -> bool:
    index = before.rfind(b"'")
    while index >= 0:
        prev_ok = index == 0 or before[index - 1] not in _WORDISH
        next_ok = index + 1 < len(before) and before[index + 1] in _WORDISH
        if prev_ok and next_ok:  # an opening quote
            if _closes_single(before, index + 1, b"'"):
                return False
            return _closes_single(after, 0, b"'") or after.startswith(b"'")
        index = before.rfind(b"'", 0, index)
    return False


def _normalising_table() -> bytes:
    table = bytearray(range(256))
    for byte in range(128):
        char = chr(byte)
        if char.isalpha():
            table[byte] = ord(char.lower())
        elif not (char.isdigit() or char in "'-"):
            table[byte] = ord(" ")
    return bytes(table)


#: Lower-case ASCII letters; every ASCII byte that is not a letter, digit, apostrophe or hyphen
#: becomes a space. Same length as the input, so offsets carry over.
NORMALISE = _normalising_table()


def _hyperscan_version() -> str:
    from hyperscan import _version

    return str(getattr(_version, "__version__", "unknown"))


def _compile_database(prefilters: list[bytes]) -> hyperscan.Database:
    """Compile the pre-scan database, or load it from the cache (compiling takes most of a second)."""
    digest = hashlib.sha256(b"\0".join([_hyperscan_version().encode(), *prefilters])).hexdigest()[:24]
    name = f"language-{digest}.hsdb"
    cached = read_cached(name)
    if cached is not None:
        try:
            return hyperscan.loadb(cached, hyperscan.HS_MODE_BLOCK)
        except hyperscan.error:
            pass
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=prefilters,
        ids=list(range(len(prefilters))),
        elements=len(prefilters),
        flags=[hyperscan.HS_FLAG_PREFILTER] * len(prefilters),
    )
    write_cached(name, hyperscan.dumpb(database))
    return database


class Scanner:
    """Compiled once per rule set; ``scan`` may run in many threads at once (one scratch each)."""

    def __init__(self, ruleset: Ruleset, second_reader: SentenceModel | None = None, skip_quoted: bool = True) -> None:
        self.ruleset = ruleset
        #: are words in quotation marks someone's own, and so not the writer's? (yes for the language
        #: review; facts found in notes are facts whoever's words they are in)
        self.skip_quoted = skip_quoted
        #: the statistical second reader, run where the rule set says how its findings read
        self.second_reader = second_reader if ruleset.second_reader else None
        self._read_memo: dict[bytes, tuple[tuple[int, int, str, tuple[str, ...]], ...]] = {}
        #: each sentence of a long text already pre-scanned (newer, older generation), and those of
        #: them where a phrase matched, with the matches
        self._seen: set[bytes] = set()
        self._older_seen: set[bytes] = set()
        self._hits: dict[bytes, tuple[tuple[int, int, int], ...]] = {}
        self._older_hits: dict[bytes, tuple[tuple[int, int, int], ...]] = {}
        self._database = _compile_database([phrase.prefilter for phrase in ruleset.phrases])
        self._local = threading.local()
        self._checks_cache: list[tuple[tuple[str, re.Pattern[bytes]], ...]] | None = None
        self._memo: dict[tuple[bytes, bool, tuple[int, ...], StandIns], tuple[tuple[int, int, int], ...]] = {}
        self._mention_cache: re.Pattern[bytes] | None = None
        self._negation_cache: re.Pattern[bytes] | None = None
        # Names the review does not know are marked only in sentences where a candidate phrase, or
        # its rule's exceptions, reads them: most sentences are spared the work.
        reads_names = [any(NAME_MARK in pattern.source for pattern in _rule_patterns(rule)) for rule in ruleset.rules]
        self._reads_names = [
            reads_names[phrase.rule] or NAME_MARK in phrase.pattern.source for phrase in ruleset.phrases
        ]

    @property
    def _checks(self) -> list[tuple[tuple[str, re.Pattern[bytes]], ...]]:
        """Each rule's ``unless`` patterns, compiled the first time any sentence needs them."""
        if self._checks_cache is None:
            self._checks_cache = [
                tuple(
                    (kind, pattern.get())
                    for kind, pattern in (
                        ("before", rule.unless_before),
                        ("after", rule.unless_after),
                        ("earlier", rule.unless_earlier),
                        ("later", rule.unless_later),
                    )
                    if pattern is not None
                )
                for rule in self.ruleset.rules
            ]
        return self._checks_cache

    @property
    def _mention(self) -> re.Pattern[bytes] | None:
        if self._mention_cache is None and self.ruleset.mentioned_as_phrase is not None:
            self._mention_cache = self.ruleset.mentioned_as_phrase.get()
        return self._mention_cache

    @property
    def _negation(self) -> re.Pattern[bytes] | None:
        if self._negation_cache is None and self.ruleset.negated_by is not None:
            self._negation_cache = self.ruleset.negated_by.get()
        return self._negation_cache

    def _scratch(self) -> hyperscan.Scratch:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        return scratch

    def scan(self, data: bytes, names: StandIns = ()) -> list[RawFinding]:
        """Every finding in ``data`` (UTF-8), in order, with byte offsets into ``data``.
        ``names``: the family's names and their stand-ins (see ``names.stand_ins``)."""
        if len(data) >= REPEATS_FROM and not names:
            found = self._scan_once_per_sentence(data)
        else:
            norm = data.translate(NORMALISE)  # same length: norm[i] is data[i], normalised
            if names:
                norm = apply_stand_ins(data, norm, names)
            found = []
            for ws, (we, phrase_ids) in self._windows(data, self._prescan(norm)):
                found += self._occurrence(data, ws, we, self._matched(data, norm, ws, we, phrase_ids, names))
        if self.second_reader is not None:
            found = self._read_again(data, found, self.second_reader)
        return found

    def scan_every_phrase(self, data: bytes, names: StandIns = ()) -> list[RawFinding]:
        """The rules' findings as ``scan`` would give them if the pre-scan passed every phrase on
        for every sentence: slow, and the reference the fast path is tested against (Hyperscan's
        pre-scan must never miss a sentence a phrase matches)."""
        norm = data.translate(NORMALISE)
        if names:
            norm = apply_stand_ins(data, norm, names)
        every = set(range(len(self.ruleset.phrases)))
        ends = [(phrase_id, m.end()) for m in _SENTENCE.finditer(data) for phrase_id in every]
        found: list[RawFinding] = []
        for ws, (we, phrase_ids) in self._windows(data, ends):
            found += self._occurrence(data, ws, we, self._match_phrases(data, norm, ws, we, tuple(sorted(phrase_ids))))
        return found

    def _prescan(self, norm: bytes) -> list[tuple[int, int]]:
        ends: list[tuple[int, int]] = []
        self._database.scan(norm, match_event_handler=_collect, context=ends, scratch=self._scratch())
        return ends

    @staticmethod
    def _windows(data: bytes, ends: list[tuple[int, int]]) -> list[tuple[int, tuple[int, set[int]]]]:
        """The sentences around the pre-scan's matches, in order: (start, (end, phrase ids))."""
        windows: dict[int, tuple[int, set[int]]] = {}
        size = len(data)
        current_start = current_end = -1
        current: set[int] = set()
        for phrase_id, end in ends:
            at = end - 1  # the last byte of the pre-scan match (a match is never empty)
            if current_start <= at < current_end:
                current.add(phrase_id)
                continue
            low_bound = max(0, at - WINDOW_REACH)
            window_start = (
                max(
                    data.rfind(b".", low_bound, at),
                    data.rfind(b"!", low_bound, at),
                    data.rfind(b"?", low_bound, at),
                    data.rfind(b"\n\n", low_bound, at),
                )
                + 1
            ) or low_bound
            ending = _SENTENCE_END.search(data, at, at + WINDOW_REACH)
            window_end = ending.end() if ending else min(size, at + WINDOW_REACH)
            entry = windows.get(window_start)
            if entry is None:
                entry = windows[window_start] = (window_end, set())
            current_start, current_end, current = window_start, entry[0], entry[1]
            current.add(phrase_id)
        return sorted(windows.items())

    def _matched(
        self, data: bytes, norm: bytes, ws: int, we: int, phrase_ids: set[int], names: StandIns
    ) -> tuple[tuple[int, int, int], ...]:
        # Case files repeat themselves (copied paragraphs, templates): the phrase matching of a
        # sentence is remembered, keyed by its exact bytes. Quotation marks and keep markers,
        # which depend on the text around it, are checked afresh every time (``_occurrence``).
        key = (data[max(ws - 1, 0) : we], ws == 0, tuple(sorted(phrase_ids)), names)
        matched = self._memo.get(key)
        if matched is None:
            matched = self._match_phrases(data, norm, ws, we, key[2])
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = matched
        return matched

    def _occurrence(self, data: bytes, ws: int, we: int, matched: tuple[tuple[int, int, int], ...]) -> list[RawFinding]:
        """A sentence's phrase matches at ``ws`` in ``data``, less those in quotation marks, one per
        family and span, with keep markers applied."""
        if not matched:
            return []
        rules = self.ruleset.rules
        found = [
            RawFinding(ws + start, ws + end, rules[rule])
            for start, end, rule in matched
            if not (self.skip_quoted and _quoted(data, ws + start, ws + end))
        ]
        if not found:
            return found
        if len(found) > 1:
            found = _one_per_family_span(found)
        self._apply_markers(data, ws, we, found)
        return found

    def _scan_once_per_sentence(self, data: bytes) -> list[RawFinding]:
        """A long text, each distinct sentence pre-scanned and matched once.

        Archives repeat themselves (templates, copied paragraphs, chronologies pasted into reports):
        the sentences not seen before are joined, a blank line between each, and pre-scanned and
        matched as one text, and what was found in each is remembered; what was found in a sentence
        then stands wherever it occurs, where quotation marks and keep markers are checked against
        the text around it. The memory has two generations of up to ``SENTENCES_PER_GENERATION``
        sentences each: when the newer is full it becomes the older and the oldest is forgotten, so
        memory stays bounded and a sentence seen lately is kept. Each call holds on to the two it
        began with, so another thread moving them on never takes a sentence from under it."""
        if len(self._seen) >= SENTENCES_PER_GENERATION:
            self._older_seen, self._seen = self._seen, set()
            self._older_hits, self._hits = self._hits, {}
        seen, older_seen, hits = self._seen, self._older_seen, self._hits
        # A sentence runs to its full stop, question or exclamation mark, and is known by its words
        # without that mark (the words are what the phrases match); a blank line inside one is a
        # window boundary the pre-scan still sees.
        keys = data.translate(_MARKS_AS_STOPS).split(b".")
        new = [key for key in dict.fromkeys(keys) if key not in seen and key not in older_seen]
        if new:
            self._match_new_sentences(new, seen, hits)
        # Most sentences hold nothing: only those that hold something are visited (picked out with
        # no Python loop over the rest), each placed by the length of the sentences before it and a
        # full stop after each.
        places = self._older_hits | hits
        ends = list(accumulate(map(len, keys)))
        out: list[RawFinding] = []
        for index in compress(count(), map(places.__contains__, keys)):
            key = keys[index]
            start = ends[index] - len(key) + index
            out += self._occurrence(data, start, min(start + len(key) + 1, len(data)), places[key])
        return out

    def _match_new_sentences(
        self, sentences: list[bytes], seen: set[bytes], hits: dict[bytes, tuple[tuple[int, int, int], ...]]
    ) -> None:
        """Pre-scan and match sentences not seen before, as one text; remember them, and what was
        found in those where something was."""
        joined = _UNIT_GAP.join(sentences)
        offsets = list(accumulate((len(d) + len(_UNIT_GAP) for d in sentences[:-1]), initial=0))
        norm = joined.translate(NORMALISE)
        matched: dict[int, list[tuple[int, int, int]]] = {}
        for ws, (we, phrase_ids) in self._windows(joined, self._prescan(norm)):
            found = self._matched(joined, norm, ws, we, phrase_ids, ())
            if found:
                # a window begins just after the blank line before its sentence (or at its start)
                # and ends within it, or at the blank line after it
                index = bisect_right(offsets, we - 1) - 1
                shift = ws - offsets[index]
                matched.setdefault(index, []).extend((shift + s, shift + e, rule) for s, e, rule in found)
        seen.update(sentences)
        hits.update((sentences[index], tuple(spans)) for index, spans in matched.items())

    def _match_phrases(
        self, data: bytes, norm: bytes, ws: int, we: int, phrase_ids: tuple[int, ...]
    ) -> tuple[tuple[int, int, int], ...]:
        """(start, end, rule) of every phrase match in the sentence that no exception rules out,
        offsets relative to the sentence's start."""
        base = max(ws - 1, 0)  # one byte before the sentence, for the phrases' word boundaries
        data = data[base:we]
        norm = norm[base:we]
        reads_names = self._reads_names
        if any(reads_names[phrase_id] for phrase_id in phrase_ids):
            norm = mark_names(data, norm, self.ruleset.known_words, self.ruleset.known_stems)
        ws, we = ws - base, we - base
        phrases = self.ruleset.phrases
        checks = self._checks
        mention = self._mention
        negation = self._negation
        matched: list[tuple[int, int, int]] = []
        for phrase_id in phrase_ids:
            phrase = phrases[phrase_id]
            rule_checks = checks[phrase.rule]
            for match in phrase.pattern.get().finditer(norm, ws, we):
                start, end = match.span()
                if rule_checks and _excepted(rule_checks, data, norm, ws, we, start, end):
                    continue
                if mention is not None and mention.search(norm, max(ws, start - 80), start):
                    continue
                if negation is not None and negation.search(norm, clause_start(data, ws, start), start):
                    continue
                entry = (start - ws, end - ws, phrase.rule)
                if entry not in matched:
                    matched.append(entry)
        return tuple(matched)

    def _read_again(self, data: bytes, found: list[RawFinding], model: SentenceModel) -> list[RawFinding]:
        """The second reader's findings added to the rules': one per family a sentence reads as, where
        the rules raised nothing of that family in the sentence and the words are not quoted."""
        rules, memo = self.ruleset.second_reader, self._read_memo
        added: list[RawFinding] = []
        for sentence in _SENTENCE.finditer(data):
            start, end = sentence.span()
            if end - start < 12:
                continue
            words = sentence.group(0)
            raised = memo.get(words)
            if raised is None:
                raised = tuple(_byte_spans(words, model.raised(words.decode("utf-8", "replace"))))
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[words] = raised
            if not raised:
                continue
            by_rules = {f.rule.family for f in found if f.start < end and f.end > start}
            here = [
                RawFinding(start + s, start + e, self.ruleset.rules[rules[family]], because=because)
                for s, e, family, because in raised
                if family in rules and family not in by_rules and self._read_as_used(data, start, start + s, start + e)
            ]
            if here:
                self._apply_markers(data, start, end, here)
                added += here
        if not added:
            return found
        return sorted(found + added, key=lambda f: (f.start, f.end))

    def _read_as_used(self, data: bytes, ws: int, start: int, end: int) -> bool:
        """Is the wording the second reader weighed used, not quoted, talked about or denied (the same
        tests as for a rule's wording, from the start of the sentence)?"""
        if _quoted(data, start, end):
            return False
        norm = data[ws:end].translate(NORMALISE)
        start, end = start - ws, end - ws
        mention, negation = self._mention, self._negation
        return not (
            (mention is not None and any(mention.search(norm, 0, at) for at in _word_starts(norm, start)))
            or (negation is not None and any(negation.search(norm, 0, at) for at in _word_starts(norm, start)))
        )

    @staticmethod
    def _apply_markers(data: bytes, ws: int, we: int, found: list[RawFinding]) -> None:
        """``[[keep: reason]]`` after the wording (same sentence, or straight after it) keeps one finding."""
        if data.find(b"[[", ws, we + 200) < 0:
            return
        for marker in _MARKER.finditer(data, ws, min(len(data), we + 200)):
            if marker.start() >= we and data[we : marker.start()].strip(b" \t"):
                break  # a marker on a later line, or after other words, belongs to other wording
            earlier = [
                f for f in found if f.end <= marker.start() and f.dismissed is None and f.rule.family != "review"
            ]
            if not earlier:
                continue
            reason_start, reason_end = marker.span(1)
            reason = data[reason_start:reason_end].decode("utf-8", "replace").strip() if reason_start >= 0 else ""
            if reason:
                max(earlier, key=lambda f: f.end).dismissed = reason
            else:
                found.append(RawFinding(marker.start(), marker.end(), KEEP_WITHOUT_REASON))
        found.sort(key=lambda f: (f.start, f.end))


def _word_starts(norm: bytes, before: int) -> list[int]:
    """Where each word of ``norm`` up to ``before`` begins, and ``before`` itself: the second reader
    does not know which of the sentence's words its finding turns on, so a denial or a mention may
    stand before any of them."""
    return [m.start() for m in re.finditer(rb"(?<![^ ])[^ ]", norm[:before])] + [before]


def _rule_patterns(rule: CompiledRule) -> list[LazyPattern]:
    return [
        pattern
        for pattern in (rule.unless_before, rule.unless_after, rule.unless_earlier, rule.unless_later)
        if pattern is not None
    ]


def _excepted(
    checks: tuple[tuple[str, re.Pattern[bytes]], ...], data: bytes, norm: bytes, ws: int, we: int, start: int, end: int
) -> bool:
    """Does one of the rule's ``unless`` phrases hold around the wording (in the same sentence)?"""
    for kind, pattern in checks:
        if kind == "before":
            hit = pattern.search(norm, ws, start)
        elif kind == "after":
            hit = pattern.match(norm, end, we)
        elif kind == "earlier":
            hit = pattern.search(norm, ws, start)
        else:  # later, up to a [[keep]] marker, whose reason is not part of the sentence
            hit = pattern.search(norm, end, _before_marker(data, end, we))
        if hit:
            return True
    return False


_CLAUSE_BREAK = re.compile(rb"[,;:()]|\xe2\x80\x94|\s(?:but|however|although|though|whereas)\s", re.IGNORECASE)


def clause_start(data: bytes, ws: int, start: int) -> int:
    """Where the clause holding ``start`` begins: after the last comma, semicolon, colon, bracket, dash
    or "but" before it in the sentence (a denial in an earlier clause does not reach it)."""
    last = ws
    for brk in _CLAUSE_BREAK.finditer(data, max(ws, start - 200), start):
        last = brk.end()
    return last


def _before_marker(data: bytes, start: int, end: int) -> int:
    """Where the sentence's own words stop: a [[keep: ...]] marker's reason is not part of the sentence."""
    marker = data.find(b"[[", start, end)
    return end if marker < 0 else marker


def _collect(phrase_id: int, _start: int, end: int, _flags: int, ends: object) -> None:
    ends.append((phrase_id, end))  # type: ignore[attr-defined]


def _one_per_family_span(found: list[RawFinding]) -> list[RawFinding]:
    """Where two rules of one family flag overlapping words, report the longer wording once."""
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[RawFinding] = []
    for finding in found:
        if any(k.rule.family == finding.rule.family and finding.start < k.end and k.start < finding.end for k in kept):
            continue
        kept.append(finding)
    kept.sort(key=lambda f: (f.start, f.end))
    return kept
