"""The front door's domestic abuse screen, on constructed referrals: every pathway, with its reasons;
abuse behind another presenting concern found; a denial or an absence not read as abuse; and
`spotlight triage` on text and JSON Lines files, with bad input named."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from spotlight.frontdoor.domain.screen import HIGH_RISK, NONE, POSSIBLE, PRESENT, screen_text
from spotlight.frontdoor.domain.triage_cli import main


@pytest.mark.parametrize(
    ("text", "pathway"),
    [
        ("Poor school attendance this term; Jack is often late.", NONE),
        ("Jack hurt his leg playing football at break.", NONE),
        ("No concerns of domestic abuse are known.", NONE),
        ("Attendance is poor. Jack told his teacher he does not want to go home.", POSSIBLE),
        ("Mum seems to be walking on eggshells around her partner.", POSSIBLE),
        ("Police attended the address after neighbours heard shouting.", POSSIBLE),
        ("Jack said daddy hits mummy when he is angry.", PRESENT),
        ("Mum told the health visitor she is frightened of her partner.", PRESENT),
        ("PPN received: domestic incident, dad grabbed mum by the throat.", HIGH_RISK),
        ("Mum is frightened of her ex-partner, who has threatened to kill her.", HIGH_RISK),
        ("Mum is 30 weeks pregnant; her partner punched her last week.", HIGH_RISK),
        # the third widening, in constructions rather than sentences
        ("Nursery: Leo came in upset and said he tried to pull daddy off mummy.", PRESENT),
        ("Mum says things have been hard since her partner started knocking her about.", PRESENT),
        ("Second DA call-out this month; children asleep upstairs.", PRESENT),
        ("Leo said daddy put his hands round mummy's neck.", HIGH_RISK),
        ("Her ex parks outside the flat most evenings and messages her that he is watching.", HIGH_RISK),
        ("She told the GP her husband is going to kill her one day.", HIGH_RISK),
        ("Housing: Mum wants a move to somewhere he does not know, and would not say more.", POSSIBLE),
        ("Mum said money is controlled by him and she has to ask before buying food.", POSSIBLE),
        ("Leo refuses to go home at the end of the day and asks to stay behind.", POSSIBLE),
        ("The stepdad would not let us speak to mum at the door.", POSSIBLE),
        # the third widening
        ("ED: says her partner only had his hand on my throat for a second.", HIGH_RISK),
        ("Probation: he is on licence for assaulting a former partner and has moved in with Jo.", PRESENT),
        ("Her boyfriend waves a knife at her when they argue.", HIGH_RISK),
        ("She says he controls everything and turns the heating off to teach her a lesson.", PRESENT),
        ("Pharmacy: she said he would go mad if she got pregnant again.", POSSIBLE),
        ("Repairs: holes at fist height in two doors; Mum said the kids were messing about.", POSSIBLE),
        ("HV: they left in a hurry and Mum would not give the last address.", POSSIBLE),
        ("Police: verbal argument only, male left prior to arrival.", POSSIBLE),
        ("GP: she asked that no letters be posted to the house because he reads them.", POSSIBLE),
        ("Her sister says the kids go quiet when he walks in.", POSSIBLE),
        # not abuse in a referral that names no one causing harm
        ("Childminder: Mia is clingy since the new baby; probably sibling jealousy.", NONE),
        ("Nursery: small bruise to Mia's knee from the slide, seen by staff.", NONE),
        ("Nursery: bruise to Mia's forehead; Mum said she fell on the step.", POSSIBLE),
        ("Isla has settled well and her home life seems stable.", NONE),
        ("Mum is 12 weeks pregnant and asked for help with housing.", NONE),
        ("Online safety: a stranger on a game asked for photos; the parents told school at once.", NONE),
    ],
)
def test_each_pathway_on_constructed_referrals(text: str, pathway: str) -> None:
    screened = screen_text(text)
    assert screened.pathway == pathway, (text, [i.id for i in screened.indicators])
    assert screened.reasons


def test_pregnancy_or_escalation_alone_is_not_high_risk() -> None:
    assert screen_text("Mum is 30 weeks pregnant and finding the stairs hard.").pathway != HIGH_RISK
    assert screen_text("His behaviour in class is getting worse.").pathway != HIGH_RISK


def test_every_reason_quotes_the_words_that_show_it() -> None:
    screened = screen_text("Attendance is poor. Mum seems to be walking on eggshells around her partner.")
    assert any("“walking on eggshells”" in reason for reason in screened.reasons)


def test_triage_reads_text_and_json_lines_and_names_a_bad_line(tmp_path: Path) -> None:
    text = tmp_path / "referrals.txt"
    text.write_text("Poor attendance.\nJack said daddy hits mummy.\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main([str(text), "--format", "json"], stdout=out, stderr=err) == 0
    rows = json.loads(out.getvalue())
    assert [r["pathway"] for r in rows] == ["none", "present"] and rows[1]["indicators"][0]["column"] >= 1
    lines = tmp_path / "referrals.jsonl"
    lines.write_text(
        json.dumps({"id": "R1", "text": "Dad choked mum.", "presenting_concern": "school_attendance"}) + "\n{oops\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    assert main([str(lines)], stdout=out, stderr=err) == 2
    assert "line 2: not JSON" in err.getvalue() and "Traceback" not in err.getvalue()
    assert main([str(tmp_path / "missing.txt")], stdout=io.StringIO(), stderr=(err := io.StringIO())) == 2
    assert "cannot read it" in err.getvalue()


def test_triage_writes_nothing_before_it_has_read_the_whole_file(tmp_path: Path) -> None:
    """Results are written as they come, but only once every line has been read: a bad line late in a
    file gives a clear refusal and no half-written array."""
    good = [json.dumps({"id": f"R{i}", "text": "Mum is frightened of Dad."}) for i in range(50)]
    late = tmp_path / "late.jsonl"
    late.write_text("\n".join([*good, '{"id": "R51"}']) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main([str(late), "--format", "json"], stdout=out, stderr=err) == 2
    assert out.getvalue() == "" and 'line 51: each line should be an object with a "text"' in err.getvalue()
    # a file of nothing but blank lines is an empty array, still valid JSON
    blank = tmp_path / "blank.txt"
    blank.write_text("\n\n", encoding="utf-8")
    assert main([str(blank), "--format", "json"], stdout=(out := io.StringIO()), stderr=io.StringIO()) == 0
    assert json.loads(out.getvalue()) == []
    # streamed, the array is laid out as before, one object after another
    whole = tmp_path / "whole.jsonl"
    whole.write_text("\n".join(good[:3]) + "\n", encoding="utf-8")
    assert main([str(whole), "--format", "json"], stdout=(out := io.StringIO()), stderr=io.StringIO()) == 0
    rows = json.loads(out.getvalue())
    assert [r["id"] for r in rows] == ["R0", "R1", "R2"]
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def test_the_familys_record_is_read_with_the_referral() -> None:
    quiet = "Ola has missed nine days of school this term."
    assert screen_text(quiet).pathway == "none"
    plain = screen_text(quiet, history=[("the pattern map holds 4 of his behaviours", "plain")])
    assert plain.pathway == "present"
    assert plain.reasons[0].startswith("The family's record already holds domestic abuse")
    assert "The family's record: the pattern map holds 4 of his behaviours" in plain.reasons
    marac = screen_text(quiet, history=[("her case went to Marac on 2 March 2026", "high")])
    assert marac.pathway == "high_risk"
