"""来电登记: the telephone log. (Being written.)"""

from __future__ import annotations

from dutyroom.services.call_import import CallImport
from dutyroom.services.call_stats import CallStatistics
from dutyroom.services.context import ServiceContext
from dutyroom.services.incident_drafts import Drafts


class CallService(CallStatistics, CallImport, Drafts):
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
