"""The language review as a plain function: what it flags, what it leaves alone, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.language import Person, RuleFileInvalid, Severity, load_ruleset, review
from spotlight.language.ruleset import DEFAULT_RULES_PATH

FAMILY = [
    Person("Daniel Reid", "person_causing_harm"),
    Person("Sarah Reid", "adult_survivor"),
    Person("Amy", "child"),
    Person("Ben", "child"),
]


def families(text: str) -> list[str]:
    return [f.family for f in review(text)]


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Ms Reid failed to protect the children from him.", "failure_to_protect"),
        ("The health visitor described a volatile relationship.", "mutualising"),
        ("Mum allowed him back into the home last week.", "responsibility_shifting"),
        ("The children were exposed to domestic abuse over many years.", "exposure"),
        ("She was strangled in the hallway.", "agentless_passive"),
        ("He lost his temper when the baby cried.", "minimising"),
    ],
)
def test_each_family_is_found_with_its_wording(text: str, family: str) -> None:
    found = review(text)
    assert [f.family for f in found] == [family]
    assert found[0].text and found[0].text in text
    assert found[0].message and found[0].suggestions


@pytest.mark.parametrize(
    "text",
    [
        "Ms Reid was assaulted by Mr Reid in the kitchen.",  # the agent is named
        "The referral was received on Monday and the assessment was completed.",  # harmless passives
        "Her protective factors include a strong relationship with her mother.",
        "The flat has damp and the children were exposed to mould.",
        'The police log calls it "a volatile relationship".',  # someone else's words
        "The police log calls it “a volatile relationship”.",
        "Avoid phrases such as failed to protect.",  # the phrase mentioned, not used
        "Mr Reid chose to assault Ms Reid while the children were upstairs.",
        "Ms Reid moved to a refuge with the children.",
    ],
)
def test_accountable_or_quoted_wording_is_left_alone(text: str) -> None:
    assert review(text) == []


def test_offsets_slice_back_to_the_wording_in_text_with_accents_and_curly_quotes() -> None:
    text = "Zoë’s school — “safe” — noted: mum’s non-engagement, and a toxic relationship."
    found = review(text)
    assert [f.rule for f in found] == ["non-engagement", "volatile-relationship"]
    for finding in found:
        assert text[finding.start : finding.end] == finding.text


def test_phrases_broken_across_lines_are_still_found() -> None:
    found = review("Records say that mum failed\nto protect the children.")
    assert [f.text for f in found] == ["failed\nto protect"]


def test_suggestions_name_the_family_and_fall_back_to_pronouns() -> None:
    named = review("The children were exposed to domestic abuse.", FAMILY)[0]
    assert any("Daniel Reid" in s and "Amy and Ben" in s for s in named.suggestions)
    plain = review("The children were exposed to domestic abuse.")[0]
    assert '"He [what he did] while the children' in plain.suggestions[0]
    assert "Daniel" not in " ".join(plain.suggestions)


def test_keep_marker_dismisses_the_finding_before_it_and_keeps_the_reason() -> None:
    found = review(
        "She called it a volatile relationship [[keep: her own words at the conference]]. He lost his temper."
    )
    assert [(f.rule, f.dismissed) for f in found] == [
        ("volatile-relationship", "her own words at the conference"),
        ("lost-temper", None),
    ]
    assert found[0].is_dismissed and not found[1].is_dismissed


def test_keep_marker_after_the_full_stop_still_counts() -> None:
    found = review("It was only a slap. [[keep: quoting the court order]]")
    assert [f.dismissed for f in found] == ["quoting the court order"]


def test_keep_marker_without_a_reason_dismisses_nothing_and_says_so() -> None:
    found = review("It was a volatile relationship [[keep]].")
    assert [(f.rule, f.dismissed) for f in found] == [("volatile-relationship", None), ("keep-without-reason", None)]
    assert found[1].severity is Severity.WARNING


def test_a_reason_inside_the_marker_does_not_excuse_a_passive() -> None:
    found = review("Her phone was smashed [[keep: she says it was smashed by a stranger]].")
    assert [f.rule for f in found] == ["passive-assault"]
    assert found[0].dismissed == "she says it was smashed by a stranger"


def test_severity_orders_from_suggestion_to_error() -> None:
    assert Severity.SUGGESTION.rank < Severity.WARNING.rank < Severity.ERROR.rank
    assert review("Ms Reid failed to protect Amy.")[0].severity is Severity.ERROR


def _write_rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD_FAMILY = """
families:
  minimising:
    label: Minimising
    severity: warning
    why: It shrinks what he did.
"""


def test_an_authority_can_use_its_own_rule_file(tmp_path: Path) -> None:
    path = _write_rules(
        tmp_path,
        GOOD_FAMILY
        + """
rules:
  - id: handbags
    family: minimising
    phrases: ["handbags at dawn"]
    message: Do not make light of {his} violence.
    suggestions: ["{he} threatened {her}."]
""",
    )
    ruleset = load_ruleset(path)
    found = review("It was handbags at dawn, said the officer.", FAMILY, ruleset=ruleset)
    assert [(f.rule, f.text) for f in found] == [("handbags", "handbags at dawn")]
    assert found[0].message == "Do not make light of Daniel Reid's violence."
    assert found[0].suggestions == ("Daniel Reid threatened Sarah Reid.",)
    assert review("Ms Reid failed to protect Amy.", ruleset=ruleset) == []


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("rules: [", "not valid YAML"),
        (GOOD_FAMILY + "rules:\n  - {id: x, family: nope, phrases: [a b], message: m}\n", "no family called 'nope'"),
        (GOOD_FAMILY + "rules:\n  - {id: x, family: minimising, phrases: ['(a|b'], message: m}\n", "never closed"),
        (GOOD_FAMILY + "rules:\n  - {id: x, family: minimising, phrases: ['{she}'], message: m}\n", "no macro"),
        (GOOD_FAMILY + "rules:\n  - {id: x, family: minimising, message: m}\n", "rules.0.phrases"),
    ],
)
def test_a_broken_rule_file_is_refused_with_the_problem_named(tmp_path: Path, body: str, named: str) -> None:
    path = _write_rules(tmp_path, body)
    with pytest.raises(RuleFileInvalid) as caught:
        load_ruleset(path)
    assert named in str(caught.value)
    assert str(path) in str(caught.value)


def test_the_shipped_rule_file_compiles_every_pattern() -> None:
    ruleset = load_ruleset(DEFAULT_RULES_PATH)
    assert {rule.family for rule in ruleset.rules} == {
        "failure_to_protect",
        "mutualising",
        "responsibility_shifting",
        "exposure",
        "agentless_passive",
        "minimising",
        "generic_praise",
    }
    for phrase in ruleset.phrases:
        phrase.pattern.get()


def test_the_familys_own_names_are_read_as_him_and_her() -> None:
    people = [Person("Darren Reid", "person_causing_harm"), Person("Sarah Reid", "adult_survivor")]
    for text, rule in [
        ("Sarah provoked Darren by going through his phone.", "provoked"),
        ("Sarah Reid is minimising what happened.", "minimising-by-her"),
        ("Darren snapped when the baby cried.", "lost-temper"),
    ]:
        # without the family, a first name is just a word to the rules (the second reader may still weigh it)
        assert [f.rule for f in review(text) if not f.rule.startswith("second-reader")] == []
        found = review(text, people)
        assert [f.rule for f in found] == [rule]
        assert text[found[0].start : found[0].end] == found[0].text  # shown as she wrote it
    # only the names as written: "sarah" in lower case, or inside another word, is not her
    assert review("Sarahs friend said it was fine.", people) == []


def test_a_three_letter_name_is_read_as_him_or_her_too() -> None:
    """A stand-in is as long as the name: "Tom" becomes "mrx", which every rule's "mr *" reads."""
    people = [Person("Tom Lee", "person_causing_harm"), Person("Amy Lee", "adult_survivor")]
    for text, rule in [
        ("Amy provoked Tom by going through his phone.", "provoked"),
        ("Tom snapped when the baby cried.", "lost-temper"),
    ]:
        found = review(text, people)
        assert [f.rule for f in found] == [rule]
        assert text[found[0].start : found[0].end] == found[0].text
    assert review("Tommy was tired after school.", people) == []  # only the whole name as written


def test_a_repeated_sentence_is_judged_in_its_own_context_each_time() -> None:
    """Sentences are remembered between uses; quotation marks around one copy still count."""
    text = 'Ms Ash said: "Fine. It was a volatile relationship. Fine."\nFine. It was a volatile relationship. Fine.'
    found = review(text)
    assert len(found) == 1
    assert found[0].start > text.index("\n")
    kept = review(
        "Fine. It was a volatile relationship [[keep: her words]]. Fine. It was a volatile relationship. Fine."
    )
    assert [f.dismissed for f in kept] == ["her words", None]
