"""`dutyroom screenshot`: every page rendered to PNG with demo data, without a display."""

from __future__ import annotations

import os
from pathlib import Path

from dutyroom.cli.registry import Registry


def register(registry: Registry) -> None:
    shots = registry.command("screenshot", "用演示数据把每个页面渲染成 PNG（无需显示器）")
    shots.add_argument("--out", required=True, metavar="DIR", help="保存图片的文件夹")
    shots.add_argument("--theme", choices=("light", "dark"),
                       help="light=日间，dark=夜间（不指定则两种都渲染）")
    shots.set_defaults(handler=cmd_screenshot)


def cmd_screenshot(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from dutyroom.gui.screenshot import render_all

    for path in render_all(Path(args.out).expanduser(), theme=args.theme):
        print(path)
    return 0
