"""The `spotlight` command's entry point.

`spotlight review` and `spotlight extract` go straight to their engines, without loading the rest of the
command line (typer, rich, Django), so that reviewing a short note starts quickly.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["review"]:
        from spotlight.language.review_cli import main as review_main

        raise SystemExit(review_main(sys.argv[2:]))
    if sys.argv[1:2] == ["extract"]:
        from spotlight.pattern.domain.extract_cli import main as extract_main

        raise SystemExit(extract_main(sys.argv[2:]))
    if sys.argv[1:2] == ["triage"]:
        from spotlight.frontdoor.domain.triage_cli import main as triage_main

        raise SystemExit(triage_main(sys.argv[2:]))
    from spotlight.cli import main as cli_main

    cli_main()
