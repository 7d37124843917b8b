"""Suggestions never put words in a worker's mouth (issue 12).

A suggestion is an instruction ("Say who did it ..."), optionally with an example sentence in
double quotes that she might paste. The example may hold only what the flagged sentence and the
record say (the family's names, the flagged words), small joining words, and brackets marking what
she must supply ("[what he did]"). Nothing else: no assault, no police action, no "chose to hit"
that the note never said.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from spotlight.language import Person, review
from spotlight.language.corpus import load_corpus
from spotlight.language.ruleset import DEFAULT_RULES_PATH

HERE = Path(__file__).resolve().parent
PRAISE_DEVELOPMENT = HERE.parent / "wins" / "praise_development.yaml"
FAMILY = [
    Person("Barbara Brown", "adult_survivor"),
    Person("Tom Brown", "person_causing_harm"),
    Person("Amy", "child"),
    Person("Ben", "child"),
]
#: How an instruction begins.
INSTRUCTIONS = ("Describe", "Say", "Name", "Record", "Write", "If these", "Quote")
#: Joining words an example may use besides the sentence's and the record's own.
JOINING = set(
    """a an the and or of to in on at by with while towards toward from for as he him his she her they them
    their it its was were is are be not""".split()
)
_QUOTED = re.compile(r'"([^"]*)"')
_BRACKETS = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _words(text: str) -> set[str]:
    """Lower-case words, a possessive read as its word ("Brown's" as "brown")."""
    return {re.sub(r"['’]s$", "", w.lower()) for w in _WORD.findall(text)}


def _flagged_sentences() -> list[str]:
    sentences = []
    for path in sorted(HERE.glob("corpus_*_development.yaml")) + [PRAISE_DEVELOPMENT]:
        sentences += [str(item["text"]) for item in load_corpus(path) if item.get("expect")]
    return sentences


def test_every_suggestion_is_an_instruction_whose_example_invents_nothing() -> None:
    names = _words(" ".join(p.name for p in FAMILY))
    checked_rules: set[str] = set()
    problems: list[str] = []
    for sentence in _flagged_sentences():
        allowed = _words(sentence) | names | JOINING
        for finding in review(sentence, FAMILY):
            checked_rules.add(finding.rule)
            for suggestion in finding.suggestions:
                if not suggestion.startswith(INSTRUCTIONS):
                    problems.append(f"{finding.rule}: not an instruction: {suggestion}")
                for example in _QUOTED.findall(suggestion):
                    invented = _words(_BRACKETS.sub(" ", example)) - allowed
                    if invented:
                        problems.append(f"{finding.rule}: {sorted(invented)} in {example!r} for {sentence!r}")
    assert not problems, "\n".join(sorted(set(problems))[:20])
    rules = {rule["id"] for rule in yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))["rules"]}
    assert rules - checked_rules == set(), "every rule's suggestions are checked on a sentence it flags"


#: Words that may follow {her} or {him} when it is the object, not a possessive.
_AFTER_OBJECT = set(
    """and or to in on at with from about safe as for that is was has had can will would should by
    herself himself alone responsible directly""".split()
)


def test_placeholders_for_people_are_never_used_as_possessives() -> None:
    """ "{her} choices" reads "Barbara Brown choices" once the name is filled in: write {her_pos}."""
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    wrong = [
        m.group(0)
        for m in re.finditer(r"\{(her|him|she|he)\} ([a-z]+)", text)
        if m.group(1) in ("her", "him") and m.group(2) not in _AFTER_OBJECT
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "sentence",
    ["Mum allowed him back into the home.", "She was assaulted in the kitchen.", "He lost his temper."],
)
def test_suggestions_read_as_sentences_with_the_familys_names(sentence: str) -> None:
    for finding in review(sentence, FAMILY):
        text = " ".join((finding.message, *finding.suggestions))
        assert "Barbara Brown choices" not in text and "Tom Brown behaviour" not in text
        assert "Tom Brown" in text or "Barbara Brown" in text
