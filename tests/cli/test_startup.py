"""Building the parser, --version and --help load no database, service, report or GUI code.

The parser is built on every start, so a heavy import at the top of any area module would slow every
`dutyroom --version` and every command's -h. Each case runs in a fresh interpreter, where sys.modules
shows exactly what the start-up pulled in.
"""

from __future__ import annotations

import json

import pytest

HEAVY = ("sqlalchemy", "dutyroom.services", "dutyroom.store", "dutyroom.reports", "dutyroom.gui", "PySide6",
         "openpyxl", "reportlab")


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["report", "-h"], ["import", "-h"]])
def test_start_up_imports_nothing_heavy(run_process, argv):
    script = ("import contextlib, io, json, sys; from dutyroom.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
              f"    code = main({argv!r})\n"
              "print(json.dumps({'code': code, 'out': out.getvalue(), 'modules': sorted(sys.modules)}))")
    result = run_process("-c", script, module=False)
    assert result.code == 0, result.err
    seen = json.loads(result.out)
    assert seen["code"] == 0 and seen["out"]  # it really printed the version or the help
    heavy = [m for m in seen["modules"] if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []


def test_building_the_parser_imports_nothing_heavy(run_process):
    script = ("import json, sys; from dutyroom.cli import build_parser; build_parser(); "
              "print(json.dumps(sorted(sys.modules)))")
    result = run_process("-c", script, module=False)
    assert result.code == 0, result.err
    modules = json.loads(result.out)
    assert "dutyroom.cli.calls" in modules  # every area registered
    assert [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)] == []


def test_help_lists_every_area_command_report_and_import(cli):
    top = cli("-h").out
    for command in ("demo", "migrate", "backup", "restore", "user", "audit", "import", "report", "roster",
                    "search", "export", "screenshot"):
        assert f"    {command}" in top
    reports = cli("report", "-h").out
    for report in ("contacts", "roster", "incident", "bulletin", "timeliness", "daily", "calls", "call-stats"):
        assert f"    {report}" in reports
    imports = cli("import", "-h").out
    for kind in ("units", "people", "holidays", "roster", "incidents", "calls"):
        assert f"    {kind}" in imports
    for header in ("单位表头", "人员表头", "节假日表头", "值班表表头", "突发事件表头", "来电台账表头"):
        assert header in imports  # `import -h` explains every kind's columns


def test_each_import_kind_shows_the_shared_rules_and_only_its_own_area_columns(cli):
    calls = cli("import", "calls", "-h").out
    assert "整个文件先逐行检查" in calls and "来电台账表头" in calls and "单位表头" not in calls
    incidents = cli("import", "incidents", "-h").out
    assert "突发事件表头" in incidents and "来电台账表头" not in incidents


def test_the_login_dialog_is_on_screen_before_the_database_layer_is_imported(run_process, tmp_path):
    # The real start path (gui.app.run); at the moment it starts opening the database behind the dialog,
    # the dialog must already be visible and nothing of the database or service layer loaded.
    script = ("import json, os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
              "from dutyroom.gui import app as gui_app\n"
              "seen = {}\n"
              "def opening(login, url):\n"
              "    seen['visible'] = login.isVisible(); seen['title'] = login.windowTitle()\n"
              "    seen['modules'] = sorted(sys.modules)\n"
              "    return None  # as if the officer closed the dialog: run() ends without a database\n"
              "gui_app._open_behind = opening\n"
              f"code = gui_app.run({str(tmp_path / 'never.sqlite3')!r})\n"
              "print(json.dumps({'code': code, **seen}))")
    result = run_process("-c", script, module=False)
    assert result.code == 0, result.err
    seen = json.loads(result.out.strip().splitlines()[-1])
    assert seen["code"] == 0 and seen["visible"] and seen["title"] == "登录 — 值班室"
    heavy = [m for m in seen["modules"] if any(m == h or m.startswith(h + ".") for h in HEAVY + ("apscheduler",))
             and not m.startswith(("PySide6", "dutyroom.gui"))]
    assert heavy == []
    assert not (tmp_path / "never.sqlite3").exists()


def test_a_workstation_on_sqlite_never_loads_the_postgresql_dialect(run_process, tmp_path):
    # sqlalchemy.dialects.postgresql imports the modules of five drivers (~100 ms); the model's partial
    # indexes and the insert-or-ignore statements used to pull it in at every start, on SQLite too.
    script = ("import json, os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
              "from dutyroom.app import open_services\n"
              f"services = open_services({str(tmp_path / 'duty.sqlite3')!r})\n"
              "import dutyroom.gui.main_window, dutyroom.gui.background_work, dutyroom.scheduling\n"
              "print(json.dumps({'kind': services.db.kind, 'modules': sorted(sys.modules)}))")
    assert run_process("-c", script, module=False).code == 0  # creates the database: the migrations may load it
    result = run_process("-c", script, module=False)  # every later start of this workstation
    assert result.code == 0, result.err
    seen = json.loads(result.out.strip().splitlines()[-1])
    assert seen["kind"] == "sqlite"
    assert "dutyroom.store.models" in seen["modules"]
    assert [m for m in seen["modules"] if m.startswith("sqlalchemy.dialects.postgresql")] == []


def test_report_contacts_opens_only_the_areas_it_uses_and_reads_fonts_from_the_cache(run_process, demo_db, tmp_path):
    # A Services builds each area on first use: the contacts book needs the directory and what opening
    # the database checks, not the roll-call, handover or call areas the window shows. The second run
    # finds the fonts' parsed tables in the cache the first left behind.
    path, _ = demo_db
    out = tmp_path / "通讯录.pdf"
    script = ("import json, sys\n"
              "from reportlab.pdfbase.ttfonts import TTFontFile\n"
              "parsed = []\n"
              "parse = TTFontFile.extractInfo\n"
              "def counted(self, *a, **k):\n"
              "    parsed.append(self.filename)\n"
              "    return parse(self, *a, **k)\n"
              "TTFontFile.extractInfo = counted\n"
              "from dutyroom.cli import main\n"
              f"code = main(['--db', {str(path)!r}, 'report', 'contacts', '-o', {str(out)!r}, '--force'])\n"
              "print(json.dumps({'code': code, 'parsed': parsed, 'modules': sorted(sys.modules)}))")
    runs = []
    for _ in range(2):
        result = run_process("-c", script, module=False)
        assert result.code == 0, result.err
        runs.append(json.loads(result.out.strip().splitlines()[-1]))
    assert runs[1]["code"] == 0 and out.stat().st_size > 0
    assert "dutyroom.services.contacts" in runs[1]["modules"]
    # roster and incidents too: opening an already prepared database asks whether their defaults exist with
    # one query each, without building the areas
    unused = ("rollcall.service", "handover.service", "calls.service", "instructions.service", "empty_posts.service",
              "documents", "audit", "shift_sources", "roster.service", "incidents.service")
    assert [m for m in unused if f"dutyroom.services.{m}" in runs[1]["modules"]] == []
    # nor the web client (urllib.request, http.client) that xml.sax.saxutils brings for one escape()
    assert [m for m in ("urllib.request", "http.client") if m in runs[1]["modules"]] == []
    assert any(p.endswith("UMingCN-GB2312.ttf") for p in runs[0]["parsed"])  # first run: parsed and stored
    assert [p for p in runs[1]["parsed"] if not p.endswith("Vera.ttf")] == []  # second: every face from the cache


def test_one_roll_calls_notice_does_not_load_the_chart_package_the_statistics_use(run_process, demo_db, tmp_path):
    # reportlab.graphics (bar charts) is most of a cold `report rollcall`'s imports, and the notice draws none.
    path, _ = demo_db
    seen = {}
    for name, args in (("notice", ["rollcall", "1"]), ("stats", ["rollcall-stats", "--month", "2026-11"])):
        out = tmp_path / f"{name}.pdf"
        script = ("import json, sys\nfrom dutyroom.cli import main\n"
                  f"code = main(['--db', {str(path)!r}, 'report', *{args!r}, '-o', {str(out)!r}, '--force'])\n"
                  "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))")
        result = run_process("-c", script, module=False)
        assert result.code == 0, result.err
        seen[name] = json.loads(result.out.strip().splitlines()[-1])
        assert seen[name]["code"] == 0 and out.stat().st_size > 0
    assert "reportlab.graphics.charts.barcharts" not in seen["notice"]["modules"]
    assert "reportlab.graphics.charts.barcharts" in seen["stats"]["modules"]  # the statistics still draw theirs


def test_the_programs_own_run_leaves_its_objects_out_of_the_collection_at_exit(run_process, tmp_path):
    # Python's shutdown walked every object a command made for cycles, a quarter of a cold report (issue 14).
    script = ("import gc, sys\nfrom dutyroom.cli import main\n"
              f"sys.argv = ['dutyroom', '--db', {str(tmp_path / 'duty.sqlite3')!r}, 'migrate']\n"
              "code = main()\nprint(code, gc.get_freeze_count() > 0)")
    result = run_process("-c", script, module=False)
    assert result.code == 0, result.err
    assert result.out.split()[-2:] == ["0", "True"]


def test_a_command_run_inside_a_process_that_goes_on_leaves_its_collector_alone(cli, tmp_path):
    import gc

    before = gc.get_freeze_count()
    assert cli("--db", tmp_path / "duty.sqlite3", "migrate").code == 0
    assert gc.get_freeze_count() == before  # tests and the warm benchmark keep collecting what they drop
