"""导入…: one wizard for every area's import — choose the file, see every row checked (each bad cell
red, its reason on the cell and in the 原因 column), then 全部导入 or 只导入有效行, and the result with
the rejected-rows file.

The check is the import itself run as a dry run (services/import_skips.check_only), so the preview
refuses exactly what the import would. Reading, checking and importing run off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from dutyroom.domain.tabular import cell_text, normalize_header, read_table_rows
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.file_dialog import open_file_name
from dutyroom.gui.common.import_specs import SPECS
from dutyroom.gui.common.widgets import ERROR_PREFIX, set_role, while_alive
from dutyroom.services.import_skips import REASON, check_only

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

BAD = QColor(248, 196, 196)  # readable under dark text in both themes (the cells keep their text colour)
BAD_ROW = QColor(252, 228, 228)
_DARK_TEXT = QColor(40, 20, 20)
_ModelIndex = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """The file's rows under its header, plus 原因; a refused row's cells named in its reason are red."""

    def __init__(self, header: list[str], rows: list[tuple[int, list[str]]], refused: dict[int, str]):
        super().__init__()
        self.header = [*header, REASON]
        self.rows = rows
        self.refused = refused
        self.bad_cells: dict[tuple[int, int], str] = {}
        for index, (number, _) in enumerate(rows):
            for problem in filter(None, refused.get(number, "").split("；")):
                for column, name in enumerate(header):
                    if name and normalize_header(name) in normalize_header(problem):
                        self.bad_cells[(index, column)] = problem

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        number, cells = self.rows[index.row()]
        reason = self.refused.get(number, "")
        column = index.column()
        is_reason = column == len(self.header) - 1
        cell_problem = self.bad_cells.get((index.row(), column))
        if role == Qt.ItemDataRole.DisplayRole:
            if is_reason:
                return reason
            return cells[column] if column < len(cells) else ""
        if role == Qt.ItemDataRole.ToolTipRole and reason:
            return cell_problem or reason
        if role == Qt.ItemDataRole.BackgroundRole and reason:
            return BAD if cell_problem or is_reason else BAD_ROW
        if role == Qt.ItemDataRole.ForegroundRole and reason:
            return _DARK_TEXT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.header[section]
        return f"第 {self.rows[section][0]} 行"


class ImportWizard(QDialog):
    """导入<what>: choose → preview → import all / import valid rows → result."""

    def __init__(self, services: Services, actor, kind: str, parent=None):
        super().__init__(parent)
        self.services, self.actor, self.spec = services, actor, SPECS[kind]
        self.setObjectName("importWizard")
        self.setWindowTitle(f"导入{self.spec.what}")
        self.resize(1000, 600)
        self.model: PreviewModel | None = None
        layout = QVBoxLayout(self)
        hint = QLabel(f"从 Excel（.xlsx）或 CSV 文件导入{self.spec.what}。表头：{self.spec.headers}。"
                      "选好文件后按 Enter 检查，每一行都会先检查，有误的单元格标成红色。", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText("要导入的文件（.xlsx 或 .csv）")
        self.path_edit.returnPressed.connect(self.check)
        self.choose_button = QPushButton("选择文件…(&O)", self)
        self.choose_button.setObjectName("importChoose")
        self.choose_button.clicked.connect(self.choose)
        self.check_button = QPushButton("检查(&C)", self)
        self.check_button.setObjectName("importCheck")
        self.check_button.clicked.connect(self.check)
        for widget in (self.path_edit, self.choose_button, self.check_button):
            row.addWidget(widget)
        for button in (self.choose_button, self.check_button):
            button.setAutoDefault(False)  # Enter in the path checks the file; it must not open a file dialog too
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableView(self)
        self.table.setObjectName("importPreview")
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        self.result = QLabel(self)
        self.result.setObjectName("importResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.all_button = QPushButton("全部导入(&A)", self)
        self.all_button.setObjectName("importAll")
        self.all_button.clicked.connect(lambda: self.run_import(skip_invalid=False))
        self.valid_button = QPushButton("只导入有效行(&V)", self)
        self.valid_button.setObjectName("importValid")
        self.valid_button.clicked.connect(lambda: self.run_import(skip_invalid=True))
        self.close_button = QPushButton("关闭", self)
        self.close_button.setObjectName("importClose")
        self.close_button.clicked.connect(self.reject)
        for button in (self.all_button, self.valid_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._set_ready(False, False)

    # -- choosing and checking ------------------------------------------------------------------
    def choose(self) -> None:
        path = open_file_name(self, f"选择要导入的{self.spec.what}", "Excel 或 CSV 文件 (*.xlsx *.csv);;所有文件 (*)",
                              self.path_edit.text())
        if path:
            self.path_edit.setText(path)
            self.check()

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def check(self) -> None:
        path = self.path()
        if not self.path_edit.text().strip() or not path.is_file():
            self._say(f"找不到要导入的文件：{path}" if self.path_edit.text().strip() else "请先选择要导入的文件",
                      error=True)
            return
        self._busy("正在检查每一行…")
        services, actor, run = self.services, self.actor, self.spec.run

        def work():
            raw = read_table_rows(path)
            checked = check_only(lambda: run(services, actor, path, False, True))
            return raw, checked

        run_in_background(work, while_alive(self, self._show_preview), while_alive(self, self._failed))

    def _show_preview(self, found) -> None:
        raw, checked = found
        refused = dict(checked.refused.rows)
        head = checked.refused.header_row
        header = [cell_text(v) for v in raw[head - 1]] if head else []
        rows = [(n, [cell_text(v) for v in cells]) for n, cells in enumerate(raw, start=1)
                if n > head and any(cell_text(v) for v in cells)]
        self.model = PreviewModel(header, rows, refused)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        good = checked.total - len(refused)
        if refused:
            self._say(f"共 {checked.total} 行：{good} 行可以导入，{len(refused)} 行有误（红色单元格，"
                       "鼠标指向可看原因）。全部导入会被拒绝；只导入有效行会把有误的行写到源文件旁，改正后可再导入。", error=True)
        else:
            self._say(f"共 {checked.total} 行，全部检查通过，可以导入。")
        self._set_ready(not refused, good > 0)
        self.all_button.setToolTip("" if not refused else f"有 {len(refused)} 行有误，全部导入会被拒绝（什么也不导入）")
        (self.all_button if not refused else self.valid_button).setFocus()
        if refused:
            first = next(i for i, (n, _) in enumerate(rows) if n in refused)
            self.table.scrollTo(self.model.index(first, 0))

    # -- importing ------------------------------------------------------------------------------
    def run_import(self, *, skip_invalid: bool) -> None:
        self._busy("正在导入…")
        services, actor, run, path = self.services, self.actor, self.spec.run, self.path()
        run_in_background(lambda: run(services, actor, path, skip_invalid, False),
                          while_alive(self, self._imported), while_alive(self, self._failed))

    def _imported(self, result) -> None:
        self.result.setText(result.summary())  # type: ignore[attr-defined]
        self._say("导入完成。")
        self._set_ready(False, False)
        self.close_button.setText("完成")
        self.close_button.setFocus()

    def _failed(self, exc: Exception) -> None:
        message = exc.message if isinstance(exc, DutyRoomError) else f"导入时出错：{exc}"
        self._say(message, error=True)
        self._set_ready(False, False)
        self.check_button.setEnabled(True)
        self.path_edit.setEnabled(True)
        self.choose_button.setEnabled(True)

    def _busy(self, text: str) -> None:
        self._say(text)
        self._set_ready(False, False)
        for widget in (self.check_button, self.choose_button, self.path_edit):
            widget.setEnabled(False)

    def _say(self, text: str, *, error: bool = False) -> None:
        set_role(self.summary, "error" if error else "")
        self.summary.setText(ERROR_PREFIX + text if error else text)

    def _set_ready(self, all_rows: bool, valid_rows: bool) -> None:
        self.all_button.setEnabled(all_rows)
        self.valid_button.setEnabled(valid_rows)
        for widget in (self.check_button, self.choose_button, self.path_edit):
            widget.setEnabled(True)


def open_import_wizard(page, services: Services, actor, kind: str) -> ImportWizard:
    """The wizard over `page`, kept on it so it is not collected while open."""
    wizard = ImportWizard(services, actor, kind, page)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    page.import_wizard = wizard
    wizard.open()
    wizard.path_edit.setFocus()
    return wizard


def import_button(page, services: Services, actor, kind: str, *, after: QPushButton | None = None) -> QPushButton:
    """导入… for `page`: opens the wizard; disabled, saying why, for a role that may not import.

    With `after`, the button is placed right after that button in whatever layout holds it."""
    spec = SPECS[kind]
    button = QPushButton("导入…", page)
    button.setObjectName(f"{kind}ImportButton")
    if actor.role in spec.roles:
        button.setToolTip(f"从 Excel（.xlsx）或 CSV 文件导入{spec.what}：先检查每一行，再导入")
        button.clicked.connect(lambda: open_import_wizard(page, services, actor, kind))
    else:
        button.setEnabled(False)
        button.setToolTip(f"只有{spec.who()}可以导入{spec.what}（当前为{actor.role.label}）")
    if after is not None:
        _insert_after(after, button)
    return button


def _insert_after(anchor: QPushButton, button: QPushButton) -> bool:
    def search(layout) -> bool:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item.widget() is anchor and isinstance(layout, QBoxLayout):
                layout.insertWidget(i + 1, button)
                return True
            if item.layout() is not None and search(item.layout()):
                return True
        return False

    parent = anchor.parentWidget()
    return parent is not None and parent.layout() is not None and search(parent.layout())
