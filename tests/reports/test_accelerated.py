"""reportlab runs with its C helpers: without them (rl_accel not installed) every document is built by
pure-Python fallbacks for number formatting and string widths, about half the speed on a large 通讯录."""

import builtins

from reportlab.lib import rl_accel


def test_reportlab_uses_its_c_accelerator():
    assert isinstance(rl_accel.fp_str, type(builtins.len))
    assert isinstance(rl_accel.instanceStringWidthTTF, type(builtins.len))
