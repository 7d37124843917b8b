"""The demo's case-file audits: two rated rounds before and after training, and one waiting."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from spotlight.access.models import User
from spotlight.audit.models import AuditRound
from spotlight.cases.models import Family
from spotlight.cli import app
from spotlight.family.demo_audits import AFTER, BEFORE, SPOT_CHECK


@pytest.mark.django_db(transaction=True)
def test_the_demo_sets_up_rated_rounds_before_and_after_training_once() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--no-serve", "--families", "30", "--seed", "7"])
    assert result.exit_code == 0, result.output
    rounds = {r.name: r for r in AuditRound.objects.all()}
    assert set(rounds) == {BEFORE, AFTER, SPOT_CHECK}
    before, after = rounds[BEFORE], rounds[AFTER]
    # The rounds sample cases opened in their own periods: the first batch, then the later one.
    assert {ref[:6] for ref in before.assignments.values_list("family__reference", flat=True)} == {"SYN-7-"}
    assert {ref[:6] for ref in after.assignments.values_list("family__reference", flat=True)} == {"SYN-8-"}
    for rated in (before, after):
        assert not rated.assignments.filter(completed_at__isnull=True).exists()
        assert rated.closed_at is not None and not rated.assignments.filter(grant__isnull=False).exists()
        assert rated.assignments.values("family").distinct().count() < rated.assignments.count()  # some rated twice
    waiting = rounds[SPOT_CHECK].assignments.all()
    assert waiting and all(a.completed_at is None and a.auditor.username == "auditor.demo" for a in waiting)
    assert rounds[SPOT_CHECK].closed_at is None and all(a.grant is not None for a in waiting)
    families = Family.objects.count()
    again = runner.invoke(app, ["demo", "--no-serve", "--families", "30", "--seed", "7"])
    assert again.exit_code == 0 and AuditRound.objects.count() == 3 and Family.objects.count() == families
    assert User.objects.filter(username="auditor.two", staff_role="auditor").exists()
