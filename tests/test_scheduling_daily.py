"""每日要情 at 18:00: written into the reports folder, announced once, caught up for the right day."""

from datetime import timedelta

from pypdf import PdfReader

from dutyroom import paths
from dutyroom.scheduling import DAILY_DIGEST_JOB, DutyScheduler
from dutyroom.services.demo import seed_demo


def digest_scheduler(services, folder=None) -> DutyScheduler:
    scheduler = DutyScheduler(services, reports_folder=folder, register_defaults=False)
    scheduler.register_daily_digest()
    return scheduler


def text_of(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_at_six_pm_the_days_digest_is_written_and_announced(services, clock, notices, tmp_path):
    seed_demo(services)
    folder = tmp_path / "要情" / "new"  # created on demand
    scheduler = digest_scheduler(services, folder)
    # 09:00: yesterday's 18:00 occurrence is owed (a fresh install catches it up once).
    [yesterday] = scheduler.check_due()
    assert (folder / "每日要情-2026-11-20.pdf").is_file()
    notices.clear()

    clock.advance(hours=8, minutes=59)  # 17:59
    assert scheduler.check_due() == []
    clock.advance(minutes=1)  # 18:00 office time
    [outcome] = scheduler.check_due()
    path = folder / "每日要情-2026-11-21.pdf"
    assert outcome.job == DAILY_DIGEST_JOB and outcome.ok and str(path) in outcome.outcome
    [notice] = notices
    assert notice.message == f"今日要情已生成：{path}" and notice.audience == "all" and notice.origin == "scheduler"
    text = text_of(path)
    assert "11月20日18时至11月21日18时" in text and "临江工业园化工厂仓库爆炸" in text
    assert scheduler.check_due() == []  # once a day
    assert len(notices) == 1


def test_a_digest_caught_up_next_morning_is_that_days_file(services, clock, notices):
    scheduler = digest_scheduler(services)  # the default folder: reports in the user data folder
    scheduler.check_due()  # yesterday's occurrence, caught up at start
    clock.advance(timedelta(hours=23))  # 08:00 the next morning: the program was closed at 18:00
    [outcome] = scheduler.check_due()
    path = paths.data_dir() / "reports" / "每日要情-2026-11-21.pdf"
    assert path.is_file() and "2026-11-22" not in outcome.outcome
    assert notices[-1].message == f"今日要情已生成：{path}"
    assert "今日无重要情况" in text_of(path)
    assert scheduler.check_due() == []


def test_the_default_scheduler_includes_the_digest(services, tmp_path):
    scheduler = DutyScheduler(services, backup_folder=tmp_path / "b", reports_folder=tmp_path / "r")
    assert DAILY_DIGEST_JOB in scheduler.jobs
    outcomes = {o.job: o for o in scheduler.check_due()}
    assert (tmp_path / "r" / "每日要情-2026-11-20.pdf").is_file() and outcomes[DAILY_DIGEST_JOB].ok


def test_on_the_first_last_months_timeliness_notice_writes_itself(services, clock, notices, tmp_path):
    from dutyroom.scheduling import TIMELINESS_JOB

    seed_demo(services)
    scheduler = DutyScheduler(services, reports_folder=tmp_path, register_defaults=False)
    scheduler.register_timeliness_notice()
    [october] = scheduler.check_due()  # due 2026-11-01 09:00, caught up at start
    assert october.job == TIMELINESS_JOB and (tmp_path / "信息报告情况通报-2026-10.pdf").is_file()
    clock.advance(timedelta(days=10))  # 2026-12-01 09:00
    [november] = scheduler.check_due()
    path = tmp_path / "信息报告情况通报-2026-11.pdf"
    text = text_of(path)
    assert "2026年11月" in text and "突发事件信息报告情况通报" in text
    assert notices[-1].audience == "leader" and str(path) in notices[-1].message
    assert scheduler.check_due() == []
