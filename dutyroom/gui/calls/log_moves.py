"""How the call log's held rows move after a change, without counting the log (gui/calls/log_model.py).

Pure arithmetic over the rows already read: which calls arrived above the first row, and where the
rows held now sit when some arrived at the top or one was deleted. Sort keys are integers, newest
first: a block whose first call (sort key K) is known is read again by key as `after=K + 1`.
"""

from __future__ import annotations

from dutyroom.services.calls.records import CallRow


def arrived_at_top(top: list[CallRow], first_key: int | None, arrivals: bool, size: int) -> int | None:
    """How many calls of the newest block `top` are above the old first row (sort key `first_key`), or None
    when that cannot be told without a count: the first row went, more than a block arrived, or (without
    `arrivals`: an edit) a row moved to the top."""
    if first_key is None:  # the log was empty
        return len(top) if len(top) < size else None
    arrived = next((n for n, row in enumerate(top) if row.sort_key <= first_key), None)
    if arrived is None or top[arrived].sort_key != first_key or (arrived and not arrivals):
        return None
    return arrived


def held_rows(blocks: dict[int, list[CallRow]], size: int) -> dict[int, CallRow]:
    return {number * size + i: row for number, block in blocks.items() for i, row in enumerate(block)}


def regroup(held: dict[int, CallRow], rows: int, size: int) -> tuple[dict[int, list[CallRow]], dict[int, int]]:
    """The blocks whose rows are all in `held` (row → call, after the move), and for the other blocks
    whose first row is held the key to read them by (anchors), so no jump by offset is needed."""
    blocks: dict[int, list[CallRow]] = {}
    anchors: dict[int, int] = {}
    for number in sorted({r // size for r in held}):
        start = number * size
        wanted = min(size, rows - start)
        if wanted <= 0:
            continue
        block = [held.get(start + i) for i in range(wanted)]
        if all(row is not None for row in block):
            blocks[number] = block  # type: ignore[assignment] - None ruled out just above
        elif number > 0 and start in held:
            anchors[number] = held[start].sort_key + 1
    return blocks, anchors


def shifted(held: dict[int, CallRow], by: int, *, removed: int | None = None) -> dict[int, CallRow]:
    """The held rows after `by` calls arrived at the top, or after the call at row `removed` went."""
    if removed is None:
        return {r + by: row for r, row in held.items()}
    return {(r if r < removed else r - 1): row for r, row in held.items() if r != removed}
