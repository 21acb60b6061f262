"""The `dutyroom` program's first lines: a report command goes to a warm report helper when one is running
(dutyroom.resident), everything else (and a report no helper took) to the CLI in this process."""

from __future__ import annotations

import os
import sys

from dutyroom.resident import HELPER_ENV, wanted


def main() -> int:
    if os.environ.get(HELPER_ENV) == "serve":  # started by a report command as its helper
        from dutyroom.resident.server import serve

        idle = os.environ.get(f"{HELPER_ENV}_IDLE_SECONDS")
        return serve(float(idle) if idle else None)
    argv = sys.argv[1:]
    start_helper = False
    if wanted(argv):  # only then the client's modules: `dutyroom --version` stays as quick as it was
        from dutyroom.resident import client
        from dutyroom.streams import make_streams_printable

        make_streams_printable()
        outcome, code = client.delegate(argv)
        if outcome is client.Outcome.DONE:
            return code
        start_helper = outcome is client.Outcome.NO_HELPER
    from dutyroom.cli import main as run_here

    code = run_here()
    if start_helper:
        client.start_helper()
    return code
