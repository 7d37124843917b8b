"""The balance of a plan, as it is written: whom its actions fall on (him, her, the children, other
adults, the worker, agencies), which of her actions ask her to control or manage his behaviour, and a
plan whose only action about the abuse is a course for her. Pure, no Django.

The rules are data (``spotlight/data/plans.yaml``; an authority's copy through ``SPOTLIGHT_PLANS``), in
the language review's phrase language, read with the family's names as the language review reads them
("Sarah to make sure Darren..." is read as "ms ... to make sure mr ..."). Each finding says why it
matters and suggests an action for him or for an agency instead; suggestions state no fact about the
family.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use
from spotlight.datamodels import Identifier, StrictModel, Text, ids_used_twice
from spotlight.language.findings import Person
from spotlight.language.names import stand_ins
from spotlight.language.ruleset import RuleFileInvalid, load_compiled
from spotlight.language.scanner import Scanner

DEFAULT_PLANS_PATH = DATA_DIR / "plans.yaml"
PLANS_ENV = "SPOTLIGHT_PLANS"

#: Whom an action falls on, in the order the balance shows them: his first.
HIM, HER, CHILDREN, OTHER_ADULTS, WORKER, AGENCIES = "him", "her", "children", "other_adults", "worker", "agencies"
OWNERS = (HIM, HER, CHILDREN, OTHER_ADULTS, WORKER, AGENCIES)
OWNER_LABELS = {
    HIM: "him",
    HER: "her",
    CHILDREN: "the children",
    OTHER_ADULTS: "other adults in the family",
    WORKER: "the worker",
    AGENCIES: "agencies",
}
_COURSE, _REFERRED, _ABOUT = "course.her_course", "course.referred", "about.the_abuse"
_ROLE_GROUP = {"person_causing_harm": HIM, "adult_survivor": HER, "child": CHILDREN}


def owner_group(owner: str, role: str | None) -> str:
    """Whom an action falls on, from who must act ("person", "worker", "agency") and the person's role."""
    if owner == "worker":
        return WORKER
    if owner == "agency":
        return AGENCIES
    return _ROLE_GROUP.get(role or "", OTHER_ADULTS)


class Choice(StrictModel):
    id: Identifier
    label: Text


class ControlRule(StrictModel):
    id: Identifier
    label: Text
    why: Text
    suggestion: Text
    phrases: list[Text] = Field(min_length=1)
    #: kinds of plan where it is not read (a safety plan written with her is hers to make)
    not_in: list[Identifier] = Field(default_factory=list)


class PlansFile(StrictModel):
    version: int = 1
    kinds: list[Choice] = Field(min_length=1)
    macros: dict[str, list[Text]] = Field(default_factory=dict)
    her_controls_him: list[ControlRule] = Field(min_length=1)
    her_course: list[Text] = Field(min_length=1)
    #: words in the clause that make a course someone else's ("the children's group")
    not_her_course: list[Text] = Field(default_factory=list)
    #: the worker's action referring her to a course about the abuse
    worker_refers_her_to_a_course: list[Text] = Field(default_factory=list)
    about_the_abuse: list[Text] = Field(min_length=1)
    #: words anywhere in the sentence that leave it to her choice ("if she wishes"): no finding
    her_choice: list[Text] = Field(default_factory=list)


def _rule(rule_id: str, phrases: list[str], message: str, unless: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": rule_id,
        "family": rule_id,
        "severity": None,
        "phrases": phrases,
        "message": message,
        "suggestions": [],
        "unless_before": [],
        "unless_after": [],
        "unless_earlier": list(unless or []),
        "unless_later": list(unless or []),
    }


def _validate(text: str) -> dict[str, Any]:
    import yaml

    try:
        spec = PlansFile.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML: {exc}") from exc
    except ValidationError as exc:
        raise ValueError("; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())) from exc
    problems = ids_used_twice(
        ("kinds", [k.id for k in spec.kinds]), ("her_controls_him", [r.id for r in spec.her_controls_him])
    )
    if problems:
        raise ValueError("; ".join(problems))
    rules = [_rule(f"control.{r.id}", r.phrases, r.label, spec.her_choice) for r in spec.her_controls_him]
    rules += [
        _rule(_COURSE, spec.her_course, "A course for her", spec.not_her_course),
        *(
            [_rule(_REFERRED, spec.worker_refers_her_to_a_course, "Her referral to a course")]
            if spec.worker_refers_her_to_a_course
            else []
        ),
        _rule(_ABOUT, spec.about_the_abuse, "About the abuse"),
    ]
    return {
        "version": spec.version,
        "macros": spec.macros,
        "mentioned_as_phrase": [],
        "negated_by": [],
        "families": {r["family"]: {"label": r["message"], "severity": "suggestion", "why": ""} for r in rules},
        "rules": rules,
        "second_reader": [],
        "before": {},
        "extra": {
            "kinds": [[k.id, k.label] for k in spec.kinds],
            "control": {r.id: [r.label, r.why, r.suggestion, r.not_in] for r in spec.her_controls_him},
        },
    }


@dataclass(frozen=True)
class PlanRules:
    scanner: Scanner
    kinds: tuple[tuple[str, str], ...]
    #: rule id -> (label, why, suggestion)
    control: dict[str, tuple[str, str, str]]
    #: rule id -> the kinds of plan it is not read in
    not_in: dict[str, frozenset[str]]

    def kind_label(self, kind: str) -> str:
        return dict(self.kinds).get(kind, kind)


class PlansFileInvalid(DataFileInvalid):
    """The plans file cannot be used; ``str(exc)`` names the file and every problem."""


def load_plan_rules(path: Path) -> PlanRules:
    try:
        ruleset = load_compiled(path, _validate, what="plans file")
    except RuleFileInvalid as exc:
        raise PlansFileInvalid(str(exc)) from exc
    extra = ruleset.extra
    raw = dict(extra.get("control", {}))
    control = {str(k): (str(v[0]), str(v[1]), str(v[2])) for k, v in raw.items()}
    not_in = {str(k): frozenset(str(x) for x in v[3]) for k, v in raw.items()}
    kinds = tuple((str(a), str(b)) for a, b in extra.get("kinds", ()))
    return PlanRules(Scanner(ruleset, skip_quoted=False), kinds, control, not_in)


def default_plan_rules() -> PlanRules:
    return in_use(PLANS_ENV, DEFAULT_PLANS_PATH.name, load_plan_rules)


@dataclass(frozen=True)
class ActionText:
    """One action as the balance reads it: its id, its words and whom it falls on (one of ``OWNERS``)."""

    id: int
    text: str
    owner: str


@dataclass(frozen=True)
class ActionFinding:
    """An action that asks her to control or manage his behaviour: why that matters, and what to write
    instead."""

    action_id: int
    rule: str
    label: str
    words: str
    why: str
    suggestion: str


@dataclass(frozen=True)
class Balance:
    #: how many actions fall on each of ``OWNERS`` (every owner present, 0 where none)
    counts: tuple[tuple[str, int], ...]
    findings: tuple[ActionFinding, ...]
    #: the plan's only action about the abuse is a course for her (the reason, or "")
    only_her_course: str = ""
    #: actions on him, or agencies' actions, about his abuse or the family's safety from it
    actions_on_the_abuse: int = 0

    @property
    def on_him(self) -> int:
        return dict(self.counts)[HIM]

    @property
    def on_her(self) -> int:
        return dict(self.counts)[HER]


def _matches(rules: PlanRules, text: str, names: Any) -> list[tuple[str, str]]:
    data = text.encode("utf-8", "surrogatepass")
    return [
        (raw.rule.family, data[raw.start : raw.end].decode("utf-8", "replace"))
        for raw in rules.scanner.scan(data, names)
    ]


def plan_balance(
    actions: Sequence[ActionText], people: Iterable[Person] = (), rules: PlanRules | None = None, kind: str = ""
) -> Balance:
    """The balance of a plan's actions (current ones, not struck out); ``kind``: the plan's kind."""
    rules = rules or default_plan_rules()
    names = stand_ins(list(people))
    counts = Counter(a.owner for a in actions)
    findings: list[ActionFinding] = []
    her_courses = about = 0
    for action in actions:
        found = _matches(rules, action.text, names)
        families = {family for family, _ in found}
        seen: set[str] = set()
        # only her actions can ask her to control him: his are his to do, and the others' are theirs
        for family, words in found if action.owner == HER else ():
            what, _, rule_id = family.partition(".")
            if (
                what == "control"
                and rule_id not in seen
                and rule_id in rules.control
                and kind not in rules.not_in[rule_id]
            ):
                seen.add(rule_id)
                label, why, suggestion = rules.control[rule_id]
                findings.append(ActionFinding(action.id, rule_id, label, words, why, suggestion))
        if (action.owner == HER and _COURSE in families) or (action.owner == WORKER and _REFERRED in families):
            her_courses += 1
        elif action.owner in (HIM, AGENCIES) and _ABOUT in families:
            about += 1
    only_course = ""
    if her_courses and not about and not counts[HIM]:
        only_course = (
            "The only action about the abuse is a course for her. The abuse is his: a plan needs what he will "
            "do about his behaviour, and what agencies will do to keep her and the children safe from it."
        )
    return Balance(tuple((o, counts[o]) for o in OWNERS), tuple(findings), only_course, about)
