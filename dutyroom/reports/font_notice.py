"""What the documents will be printed in, said in one line, and how to get the official fonts.

Said once per command (`dutyroom report …`) and shown in 管理 → 文书字体 (beside 设置), so an office learns that its
papers print in a substitute before it signs one, not after.
"""

from __future__ import annotations

from dutyroom.reports.fonts import CANDIDATES, LATIN, ROLE_LABELS, ROLES, FontSet, current_fonts

_OFFICIAL = {"title": "方正小标宋简体", "heading": "黑体", "body": "仿宋_GB2312", "kai": "楷体_GB2312"}
INSTALL_ADVICE = (
    "安装官方字体：把 方正小标宋简体、黑体（simhei.ttf）、仿宋_GB2312、楷体_GB2312 的 .ttf 文件复制到系统字体"
    "文件夹（Windows：C:\\Windows\\Fonts；统信/麒麟：~/.local/share/fonts），或由管理员在 管理 → 文书字体 中"
    "指定字体文件；之后新生成的文书即使用官方字体。"
)


def _described(fontset: FontSet, role: str) -> str:
    font = fontset.roles[role]
    if role == "kai" and font.path == fontset.roles["body"].path:
        return f"{ROLE_LABELS[role]} 同正文"
    return f"{ROLE_LABELS[role]} {font.label}"


def substituted_roles(fontset: FontSet | None = None) -> list[str]:
    """The roles printed in a font that is not one the office would choose (a bundled one)."""
    fontset = fontset or current_fonts()
    return [role for role in ROLES if fontset.roles[role].bundled]


def fonts_line(fontset: FontSet | None = None) -> str:
    """One line: the font of every role, and what is missing if a substitute is used."""
    fontset = fontset or current_fonts()
    line = "文书字体：" + "，".join(_described(fontset, role) for role in ROLES)
    missing = [_OFFICIAL[role] for role in substituted_roles(fontset)]
    if missing:
        line += f"（未找到 {'、'.join(missing)}，用程序自带字体代替）"
    return line


def notice(fontset: FontSet | None = None) -> str:
    """The fonts line, the problems with chosen files, and the install advice when it is needed."""
    fontset = fontset or current_fonts()
    lines = [fonts_line(fontset), *fontset.problems]
    if substituted_roles(fontset) or fontset.problems:
        lines.append(INSTALL_ADVICE)
    return "\n".join(lines)


def official_files(role: str) -> tuple[str, ...]:
    """File names looked for, for the 设置 page's hint."""
    return tuple(f for candidate in CANDIDATES[role if role in CANDIDATES else LATIN] for f in candidate.files)
