"""What every page's menu needs to know from the reviews app."""

from __future__ import annotations

from django.http import HttpRequest

from spotlight.reviews.services import can_start_archive_review


def menu(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"menu_archive_reviews": bool(user is not None and can_start_archive_review(user))}
