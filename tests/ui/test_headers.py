"""Every page Spotlight draws is kept by no browser or proxy, and runs under a Content-Security-Policy
with no inline script or style; with the documented production settings, check --deploy is silent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, World

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_pages_with_case_content_are_never_stored_and_run_under_the_policy(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    assert client.login(username="idva_north", password=PASSWORD)
    for url in (
        reverse("caseload"),
        reverse("family_detail", args=[family.pk]),
        reverse("sealed_details", args=[family.pk, world.survivor.pk]),
        reverse("family_export", args=[family.pk]),
        reverse("family_search") + "?q=Reid",
        reverse("family_language", args=[family.pk]),
        "/families/999999/",
    ):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    client.logout()
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


@pytest.mark.django_db
def test_no_page_template_holds_an_inline_script_or_style(client: Client) -> None:
    page = client.get(reverse("login")).content.decode()
    assert "<script>" not in page and "style=" not in page and "<style" not in page
    for template in (ROOT / "spotlight").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and " style=" not in text, template
        assert text.count("<style") == text.count('<style nonce="{{ request.csp_nonce }}">'), template
        assert " on" + "click=" not in text and "javascript:" not in text, template


def test_check_deploy_is_silent_with_the_documented_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SPOTLIGHT_HTTPS": "1",
        "SPOTLIGHT_ALLOWED_HOSTS": "spotlight.example.org",
        "SPOTLIGHT_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-" + "y" * 30,
        "SPOTLIGHT_VAR_DIR": str(tmp_path),
    }
    env.pop("SPOTLIGHT_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' own setting, never production's
    result = subprocess.run(
        [sys.executable, "-c", "from spotlight.entry import main; main()", "manage", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr, result.stdout + result.stderr
