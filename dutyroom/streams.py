"""Standard output and error that can print Chinese whatever the console: for the CLI and for the report helper's
client (dutyroom.resident), which must not import the CLI to print what the helper answered."""

from __future__ import annotations

import sys
from contextlib import suppress


def make_streams_printable() -> None:
    """A console or pipe that cannot encode Chinese must not turn every message into a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "值班".encode(getattr(stream, "encoding", None) or "ascii")
        except (LookupError, UnicodeEncodeError):
            with suppress(AttributeError, ValueError):
                stream.reconfigure(encoding="utf-8")
        # A file name in another system's encoding arrives as surrogates: shown escaped, never a crash.
        with suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")

