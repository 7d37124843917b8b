"""Every URL pattern, fed odd values in its address, its query string and its form, answers with a
page (404, 400, 403, a form with its errors...) and never a server error."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotlight.access.models import AccessLogEntry
from tests.conftest import SpotlightClient, World

USERS = ["sw_north", "idva_north", "manager_north", "auditor", "admin"]
KEYS = ["show", "agency", "sort", "q", "team", "before", "after", "format", "next", "text", "page", "name"]
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes: list[str] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue  # Django's own pages, tested for administrators elsewhere
            routes += _routes(entry, route)
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


ROUTES = sorted(set(_routes(get_resolver())))
odd_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=25)
odd_values = st.one_of(
    st.integers(min_value=0, max_value=10**25).map(str),
    st.sampled_from(["0", "-1", "²", "٣", "1e3", "9" * 19, "%00", "..", "ﬀ", "1 OR 1=1", "Re\x00id", "\u202eevil"]),
    odd_text,
)
queries = st.dictionaries(st.one_of(st.sampled_from(KEYS), odd_text), odd_values, max_size=4)


def _address(route: str, values: list[str]) -> str:
    parts = iter(values)
    return "/" + PARAM.sub(lambda _m: quote(next(parts), safe=""), route)


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    route=st.sampled_from(ROUTES),
    values=st.lists(odd_values, min_size=3, max_size=3),
    query=queries,
    form=queries,
    username=st.sampled_from(USERS),
)
def test_no_address_query_or_form_gives_a_server_error(
    world: World, route: str, values: list[str], query: dict[str, str], form: dict[str, str], username: str
) -> None:
    client = SpotlightClient()
    client.force_login(world.users[username])
    address = _address(route, values)
    for response in (client.get(address, query), client.post(address, form)):
        assert response.status_code < 500, (address, query, form, response.status_code)


@pytest.mark.django_db
def test_an_odd_address_is_a_logged_refusal_not_a_server_error(world: World, client: Client) -> None:
    client.force_login(world.users["sw_north"])
    huge = "9" * 25
    assert client.get(f"/families/{huge}/").status_code == 404
    assert client.get("/families/99999999999999999/").status_code == 404
    family = world.families["north_allocated"]
    assert client.get(f"/families/{family.pk}/", {"agency": "²"}).status_code == 200
    assert client.get(f"/families/{family.pk}/sections/chronology/", {"agency": "٣"}).status_code == 200
    refusals = AccessLogEntry.objects.filter(username="sw_north", action="refused").values_list("what", flat=True)
    assert f"not found: /families/{huge}/" in refusals
    assert any(r.startswith("family page") or "99999999999999999" in r for r in refusals)
    assert client.get("/search/", {"q": "Re\x00id"}).status_code == 400, "a NUL is refused before any database"
    form = {"role": "child", "given_name": "A\x00b"}
    assert client.post(f"/families/{family.pk}/people/new/", form).status_code == 400
    assert "bad request: /search/" in AccessLogEntry.objects.filter(action="refused").values_list("what", flat=True)
