"""Phone numbers are shown in the groups a duty officer reads aloud; anything unusual is shown as stored."""

from __future__ import annotations

import pytest

from dutyroom.domain.phones import format_number


@pytest.mark.parametrize(("stored", "shown"), [
    ("13800138000", "138 0013 8000"),
    ("0571-88886666", "0571-8888 6666"),
    ("057188886666", "0571-8888 6666"),
    ("010-12345678", "010-1234 5678"),
    ("02112345678", "021-1234 5678"),
    ("0571-8888 6666", "0571-8888 6666"),
    ("88886666", "8888 6666"),
    ("+8613800138000", "+86 138 0013 8000"),
    ("0571-88886666转123", "0571-8888 6666 转123"),
    ("12345", "12345"),
    ("110", "110"),
    ("13800138000,13900139000", "13800138000,13900139000"),
    ("", ""),
    (None, ""),
])
def test_numbers_read_in_groups(stored, shown):
    assert format_number(stored) == shown
