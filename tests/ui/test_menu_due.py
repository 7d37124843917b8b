"""What is due is one click from every page: "Due this week" for those who hold families, and
"Overdue across my teams" for managers (issue 11)."""

from __future__ import annotations

import pytest

from tests.conftest import SpotlightClient, World


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "due", "overdue"),
    [("sw_north", True, False), ("manager_north", True, True), ("auditor", False, False), ("idva_north", True, False)],
)
def test_the_menu_offers_what_is_due_to_those_who_can_open_it(
    world: World, username: str, due: bool, overdue: bool
) -> None:
    client = SpotlightClient()
    client.force_login(world.users[username])
    page = client.get("/search/").content.decode()
    assert ("Due this week</a>" in page) == due
    assert ("Overdue across my teams</a>" in page) == overdue
