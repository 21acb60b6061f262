"""The parts a 通报 shares (GB/T 9704): the 主送 line and the 版记 at the foot of the last page.

Whom a document is sent and copied to, and which office prints it, are office settings (设置 → 单位与文书,
视频点名): `Distribution` carries them from the settings to the document.

版记: 抄送 above the 印发机关 and 印发日期 line, a thin rule between them, full rules around both. It stands
at the foot of the last page and never alone there: `FootBlock` carries the lines before it (the signature,
or the last lines of the text) onto the page that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from dutyroom.domain.localtime import format_date_cn
from dutyroom.reports.styles import RULE, SIZE_4, DocStyles, para
from dutyroom.services.records import OfficeSettings

DEFAULT_RECIPIENTS = OfficeSettings.document_recipients
DEFAULT_COPY_TO = OfficeSettings.document_copy_to
_UNBOUNDED = 100_000  # KeepTogether measures its content in an endless frame: then no filling


@dataclass(frozen=True)
class Distribution:
    """主送, 抄送 and 印发机关 of one document."""

    recipients: str = DEFAULT_RECIPIENTS
    copy_to: str = DEFAULT_COPY_TO
    imprint_office: str = ""  # blank: the issuing office prints it

    @classmethod
    def of_documents(cls, settings: OfficeSettings) -> Distribution:
        """The office's 通报 and 统计 (来电情况统计, 信息报告情况通报)."""
        return cls(settings.document_recipients, settings.document_copy_to, settings.imprint_office)

    @classmethod
    def of_rollcalls(cls, settings: OfficeSettings) -> Distribution:
        """视频点名情况通报 and its statistics."""
        return cls(settings.rollcall_recipients, settings.rollcall_copy_to, settings.imprint_office)


def recipients_line(recipients: str, styles: DocStyles) -> Paragraph:
    """主送: flush left, ending with a full-width colon."""
    plain = ParagraphStyle("dr-recipients", parent=styles.body, firstLineIndent=0)
    return para(f"{recipients.strip() or DEFAULT_RECIPIENTS}：", plain)


def signature_lines(office: str, day: date, styles: DocStyles) -> list[Flowable]:
    """The issuing office and the date, right-aligned four characters in from the margin."""
    signature = ParagraphStyle("dr-signature", parent=styles.body, alignment=TA_RIGHT, firstLineIndent=0,
                               rightIndent=4 * styles.body.fontSize, spaceBefore=0)
    first = ParagraphStyle("dr-signature-first", parent=signature, spaceBefore=6 * mm)
    return [para(office, first), para(format_date_cn(day), signature)]


def imprint_table(office: str, day: date, styles: DocStyles, width: float, copy_to: str = "",
                  imprint_office: str = "") -> Table:
    """版记: 抄送 (when there is one), then the 印发机关 (`imprint_office`, else `office`) and "…印发",
    between rules."""
    note = ParagraphStyle("dr-imprint", parent=styles.body, fontSize=SIZE_4, leading=SIZE_4 * 1.6,
                          firstLineIndent=0, alignment=TA_LEFT)
    right = ParagraphStyle("dr-imprint-right", parent=note, alignment=TA_RIGHT)
    rows: list[list] = []
    if copy_to.strip():
        rows.append([para(f"抄送：{copy_to.strip()}", note), ""])
    rows.append([para(imprint_office.strip() or office, note), para(f"{format_date_cn(day)}印发", right)])
    commands: list[tuple] = [
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, RULE), ("LINEBELOW", (0, -1), (-1, -1), 1.0, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if len(rows) > 1:
        commands += [("SPAN", (0, 0), (1, 0)), ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE)]
    return Table(rows, colWidths=[width * 0.6, width * 0.4], hAlign="CENTER", style=commands)


class FootBlock(Flowable):
    """`above` drawn where the text ends, `imprint` at the foot of the same page.

    When both do not fit, the last paragraph of `above` is split so that its last lines go over with the
    imprint (or the whole block goes over when nothing can be split): the 版记 never stands alone."""

    def __init__(self, above: list[Flowable], imprint: Flowable, gap: float = 8 * mm):
        super().__init__()
        self.above = list(above)
        self.imprint = imprint
        self.gap = gap

    def contained(self) -> list[Flowable]:
        return [*self.above, self.imprint]

    def _above_height(self, width: float) -> float:
        return sum(f.wrap(width, _UNBOUNDED)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.above)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        needed = self._above_height(avail_width) + self.gap + self.imprint.wrap(avail_width, _UNBOUNDED)[1]
        fill = needed <= avail_height < _UNBOUNDED
        self.height = avail_height - 1 if fill else needed  # 1 pt of rounding slack
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if not self.above or not isinstance(self.above[-1], Paragraph):
            return []  # nothing to split: the whole block starts the next page
        *head, last = self.above
        room = avail_height - sum(f.wrap(avail_width, _UNBOUNDED)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                                  for f in head) - last.getSpaceBefore()
        last_height = last.wrap(avail_width, _UNBOUNDED)[1]
        leading = last.style.leading
        # Keep this page as full as it can be, and at least two lines for the imprint's page.
        room = min(room, last_height - 2 * leading)
        if room < 2 * leading:
            return []
        parts = last.split(avail_width, room)
        if len(parts) != 2:
            return []
        return [*head, parts[0], FootBlock([parts[1]], self.imprint, self.gap)]

    def draw(self) -> None:
        y = self.height
        for flowable in self.above:
            y -= flowable.getSpaceBefore()
            _w, h = flowable.wrap(self.width, _UNBOUNDED)
            y -= h
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()
        self.imprint.wrap(self.width, _UNBOUNDED)
        self.imprint.drawOn(self.canv, 0, 0)
