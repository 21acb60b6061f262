"""The report helper (文书常驻进程): `dutyroom report …` answered by a process that is already warm.

A cold `dutyroom report` spends most of its half second starting: the interpreter, SQLAlchemy and the models,
reportlab and the fonts, before the few dozen milliseconds that read the records and write the PDF (issue 14).
Scripts print several documents in a row (the roster, the duty log and the handover at 08:30), so the first
cold report starts a helper behind it, which imports all that once and then runs every report command of this
user on this machine for as long as they keep coming: `IDLE_SECONDS` without one and it leaves.

- The client (client.py) imports almost nothing: it finds the helper through a file in the user's data folder
  (readable by that user only), sends the command line, the working folder and the DUTYROOM_* settings, and
  prints what the helper answers with its exit code. No helper, a helper of another version or of changed
  program files, or one that does not answer: the command runs in this process as always.
- The helper (server.py) runs each command exactly as the CLI would (dutyroom.cli.main), one at a time, in the
  client's folder and with the client's settings, the fonts looked up again each time (fonts installed a
  minute ago are used), the database opened and closed by the command itself.
- DUTYROOM_REPORT_HELPER=0 turns it off (the command then always runs in its own process).
"""

import os

#: how long a helper waits for the next report command before it leaves
IDLE_SECONDS = 15 * 60
#: the environment variable: "0" turns the helper off; the helper itself is started with "serve"
HELPER_ENV = "DUTYROOM_REPORT_HELPER"


def is_report_command(argv: list[str]) -> bool:
    """`dutyroom [--db URL] report …` without -h: the commands the helper runs (they never ask anything)."""
    if any(arg in ("-h", "--help") for arg in argv):
        return False
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--db":
            index += 2
        elif arg.startswith("--db="):
            index += 1
        else:
            return arg == "report"
    return False


def wanted(argv: list[str]) -> bool:
    """A report command, and the helper not turned off: decided before the client's modules are imported."""
    return os.environ.get(HELPER_ENV) != "0" and is_report_command(argv)
