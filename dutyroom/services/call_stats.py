"""来电统计: counts and the handled rate (办理率) of a day or a month. (Being written.)"""

from __future__ import annotations


class CallStatistics:
    """Mixin of CallService."""
