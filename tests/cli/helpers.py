"""Reading what the CLI prints, and a stdin that passes for a terminal."""

from __future__ import annotations

import io
import re


def demo_passwords(out: str) -> dict[str, str]:
    """The accounts table `dutyroom demo` prints: username, role, name, password."""
    found = {}
    for line in out.splitlines():
        match = re.match(r"^(admin|leader|officer)\s+\S+\s+\S+\s+([A-Za-z0-9]{10,})$", line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True
