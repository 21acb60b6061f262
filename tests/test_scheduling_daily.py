"""每日要情 at 18:00 and the monthly 信息报告情况通报: stored in the database (文件) for every workstation,
announced once, caught up for the right day; nothing is left in this workstation's data folder."""

from datetime import timedelta
from io import BytesIO

from pypdf import PdfReader

from dutyroom import paths
from dutyroom.scheduling import DAILY_DIGEST_JOB, TIMELINESS_JOB, DutyScheduler
from dutyroom.services.demo import seed_demo


def digest_scheduler(services) -> DutyScheduler:
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_daily_digest()
    return scheduler


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def stored(services):
    return services.documents.page(limit=50)


def test_at_six_pm_the_days_digest_is_stored_and_announced(services, clock, notices):
    seed_demo(services)
    scheduler = digest_scheduler(services)
    # 09:00: yesterday's 18:00 occurrence is owed (a fresh install catches it up once).
    [yesterday] = scheduler.check_due()
    assert [d.period for d in stored(services)] == ["2026-11-20"]
    notices.clear()

    clock.advance(hours=8, minutes=59)  # 17:59
    assert scheduler.check_due() == []
    clock.advance(minutes=1)  # 18:00 office time
    [outcome] = scheduler.check_due()
    assert outcome.job == DAILY_DIGEST_JOB and outcome.ok and "存入「文件」" in outcome.outcome
    newest = stored(services)[0]
    assert (newest.period, newest.title, newest.kind_label) == ("2026-11-21", "11月21日每日要情", "每日要情")
    assert newest.job == DAILY_DIGEST_JOB and newest.audience == "all" and newest.created_at == clock.now()
    [notice] = notices
    assert notice.message == "11月21日每日要情已生成，请在「文件」页打开或打印"
    assert notice.audience == "all" and notice.origin == "scheduler"
    text = text_of(services.documents.content(newest.id))
    assert "11月20日18时至11月21日18时" in text and "临江工业园化工厂仓库爆炸" in text
    assert scheduler.check_due() == []  # once a day
    assert len(notices) == 1 and len(stored(services)) == 2
    assert not (paths.data_dir() / "reports").exists()  # not left on whichever workstation ran the job


def test_a_digest_caught_up_next_morning_is_that_days_document(services, clock, notices):
    scheduler = digest_scheduler(services)
    scheduler.check_due()  # yesterday's occurrence, caught up at start
    clock.advance(timedelta(hours=23))  # 08:00 the next morning: the program was closed at 18:00
    [outcome] = scheduler.check_due()
    newest = stored(services)[0]
    assert newest.period == "2026-11-21" and "2026-11-22" not in outcome.outcome
    assert notices[-1].message == "11月21日每日要情已生成，请在「文件」页打开或打印"
    assert "今日无重要情况" in text_of(services.documents.content(newest.id))
    assert scheduler.check_due() == []


def test_the_default_scheduler_includes_the_digest(services, tmp_path):
    scheduler = DutyScheduler(services, backup_folder=tmp_path / "b")
    assert DAILY_DIGEST_JOB in scheduler.jobs
    outcomes = {o.job: o for o in scheduler.check_due()}
    assert outcomes[DAILY_DIGEST_JOB].ok and "2026-11-20" in [d.period for d in stored(services)]


def test_on_the_first_last_months_timeliness_notice_is_stored_for_the_leaders(services, clock, notices):
    seed_demo(services)
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_timeliness_notice()
    [october] = scheduler.check_due()  # due 2026-11-01 09:00, caught up at start
    assert october.job == TIMELINESS_JOB and [d.period for d in stored(services)] == ["2026-10"]
    clock.advance(timedelta(days=10))  # 2026-12-01 09:00
    [november] = scheduler.check_due()
    newest = stored(services)[0]
    assert (newest.period, newest.audience, newest.audience_label) == ("2026-11", "leader", "带班领导")
    assert newest.title == "2026年11月突发事件信息报告情况通报" and newest.file_name == "信息报告情况通报-2026-11.pdf"
    text = text_of(services.documents.content(newest.id))
    assert "2026年11月" in text and "突发事件信息报告情况通报" in text
    assert notices[-1].audience == "leader" and notices[-1].message.startswith(newest.title + "已生成")
    assert "「文件」" in notices[-1].message
    assert scheduler.check_due() == []
