"""Refuse, before any view, what no field of Spotlight ever holds: NUL and the other control characters
(tabs and line ends excepted) in the address, the query string or a form. A clear 400 page, logged as a refusal,
rather than a database error deep inside a view."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control

from spotlight.ui.errors import bad_request

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control(data: QueryDict) -> bool:
    return any(_CONTROL.search(key) or any(_CONTROL.search(v) for v in values) for key, values in data.lists())


class RefuseControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            _CONTROL.search(request.path)
            or _has_control(request.GET)
            or (request.method == "POST" and _has_control(request.POST))
        ):
            return bad_request(request)
        return self.get_response(request)


class NoStore:
    """No page Spotlight draws is kept by a browser or a proxy: every one may hold case content."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
