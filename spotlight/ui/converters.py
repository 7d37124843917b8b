"""Path converters: a record's id in an address is 1 to 18 ASCII digits, so it always fits the
database's 64-bit integers. Anything else is "not found", never a server error."""

from __future__ import annotations


class RecordId:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))


class Digest:
    """A SHA-256 digest in hex (how a fact found in a note is known): anything else is not a page."""

    regex = "[0-9a-f]{64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
