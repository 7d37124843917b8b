from __future__ import annotations

from django.http import HttpRequest

from spotlight.labels import role_labels


def spotlight(request: HttpRequest) -> dict[str, object]:
    return {"role_labels": role_labels()}
