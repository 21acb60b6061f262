"""Import of an office's old call ledger (台账) and export of the log to Excel. (Being written.)"""

from __future__ import annotations


class CallImport:
    """Mixin of CallService."""
