"""`python -m spotlight.cli`: the same as the `spotlight` command."""

from spotlight.cli import main

main()
