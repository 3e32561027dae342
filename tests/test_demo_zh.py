"""The Chinese demo (`agentdesk --lang zh_CN demo`): every note, reason, tag and team a person wrote is
Chinese, varied and deterministic; the English demo draws exactly what it always drew."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pytest
from test_demo import NOW, SMALL, digest, rows

from demo import demo_language, seed_demo
from demo.seed import generate_past
from store import open_store
from store.clock import FixedClock

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ZH_SMALL = dict(customers=200, agents=4, days=14, seed=2)  # has conduct events and an appeal
WRITTEN = {  # every column of the demo a person wrote, with the rows that have something in it
    "call notes": "SELECT notes FROM calls",
    "escalation reasons": "SELECT escalation_reason FROM calls WHERE escalation_reason IS NOT NULL",
    "callback reasons": "SELECT reason FROM callbacks",
    "cancel reasons": "SELECT cancel_reason FROM callbacks WHERE cancel_reason IS NOT NULL",
    "attempt notes": "SELECT note FROM callback_attempts WHERE note != ''",
    "customer notes": "SELECT notes FROM customers WHERE notes != ''",
    "cities": "SELECT city FROM customers",
    "conduct notes": "SELECT note FROM conduct_events",
    "appeal reasons": "SELECT appeal_reason FROM conduct_events WHERE appeal_reason IS NOT NULL",
    "teams": "SELECT team FROM agents WHERE team IS NOT NULL",
    "agent names": "SELECT display_name FROM agents",
}


@pytest.fixture(scope="module")
def zh_demo(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("zh") / "demo-zh_CN.db", FixedClock(NOW))
    summary = seed_demo(store, language="zh_CN", **ZH_SMALL)
    yield store, summary
    store.close()


def test_everything_a_person_wrote_in_the_chinese_demo_is_chinese(zh_demo):
    store, summary = zh_demo
    assert summary.language == "zh_CN"
    for what, sql in WRITTEN.items():
        values = [v for (v,) in rows(store, sql)]
        assert values, what
        assert [v for v in values if not CHINESE.search(v)] == [], what
    tags = {t for (v,) in rows(store, "SELECT tags FROM customers WHERE tags != ''") for t in v.split(",")}
    assert tags - {"vip"} and all(CHINESE.search(t) for t in tags - {"vip"})  # VIP is what Chinese teams say too
    assert {t for (t,) in rows(store, "SELECT DISTINCT team FROM agents WHERE team IS NOT NULL")} == {"华北组", "华南组"}
    # the logins stay the OS logins they are; the categories, outcomes and kinds stay the store's slugs
    assert {login for (login,) in rows(store, "SELECT login FROM agents")} == {
        "admin", "lead1", "lead2", "agent01", "agent02", "agent03", "agent04"}
    assert rows(store, "SELECT team FROM agents WHERE login = 'agent01'") == [("华北组",)]
    assert {k for (k,) in rows(store, "SELECT DISTINCT kind FROM callbacks")} == {"callback", "return-visit", "missed-call"}


def test_the_chinese_demo_says_things_in_many_ways_that_fit_the_call(zh_demo):
    store, _ = zh_demo
    notes = rows(store, "SELECT category, outcome, notes FROM calls WHERE outcome NOT IN ('no-answer', 'wrong-number')")
    ways = Counter(c for c, _note in {(c, re.sub(r"[A-Z]*\d[\d.]*", "#", n)) for c, _o, n in notes})
    assert len(ways) == 8 and min(ways.values()) >= 8, ways  # many notes per category, numbers aside
    assert len({r for (r,) in rows(store, "SELECT reason FROM callbacks WHERE kind = 'callback'")}) >= 12
    assert len({n for (n,) in rows(store, "SELECT notes FROM calls WHERE outcome = 'no-answer'")}) >= 4
    # a call that ended escalated or waiting never reads as settled ("指导重置后恢复正常")
    open_notes = [n for c, o, n in notes if o != "resolved"]
    assert open_notes and not [n for n in open_notes if "恢复正常" in n or "已解答" in n]


def test_the_chinese_demo_is_the_same_for_the_same_seed(tmp_path):
    digests = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        store = open_store(tmp_path / f"{name}.db", FixedClock(NOW))
        seed_demo(store, seed=seed, language="zh_CN", **SMALL)
        digests.append(digest(store))
        store.close()
    assert digests[0] == digests[1] != digests[2]


def fingerprint(past) -> str:
    """Everything the demo generates with its own random numbers (Faker's names, companies and cities
    aside: they follow the installed Faker's version), in generation order."""
    h = hashlib.sha256()
    for a in past.agents:
        h.update(repr((a.id, a.login, a.role, a.team, a.ext)).encode())
    for c in past.customers:
        h.update(repr((c.id, c.lang, c.phones, c.status, c.tags, c.notes, c.dnc, c.created, c.created_by)).encode())
    for row in past.calls + past.attempts + past.conduct:
        h.update(repr((sorted(row.items()),)).encode())
    for cb in past.callbacks:
        h.update(repr((cb.id, cb.kind, cb.customer and cb.customer.id, cb.phone, cb.reason, cb.first_due, cb.due,
                       cb.priority, cb.owner and cb.owner.id, cb.was_owner and cb.was_owner.id, cb.status, cb.source_call,
                       cb.cancel_reason, cb.created, cb.created_by, cb.updated, cb.updated_by, cb.closed)).encode())
    for r in past.status_rows():
        h.update(repr((r,)).encode())
    return h.hexdigest()


def test_the_english_demo_draws_what_it_drew_before_the_chinese_one_existed():
    """Fingerprints of the English demo made by the code before the Chinese demo (e09d89c), with one
    meant change since: a missed call's reason is only what the phone system said, "(hotline)". Other
    tests and the snapshots rely on its rows. Change them only when the English demo is meant to change."""
    past = generate_past(NOW, 200, 4, 7, 3)
    assert fingerprint(past) == "66cc661091074e1ab9126a21cb8d22b2085b320859caeff0bfa1aa0059457eda"
    assert {a.team for a in past.agents} == {None, "north", "south"}
    assert "No answer" in {c["notes"] for c in past.calls} and "(hotline)" in {cb.reason for cb in past.callbacks}


def test_a_demo_store_tells_its_language(zh_demo, tmp_path):
    store, _ = zh_demo
    assert demo_language(store) == "zh_CN"
    en = open_store(tmp_path / "en.db", FixedClock(NOW))
    try:
        assert demo_language(en) is None  # no demo in it yet
        seed_demo(en, customers=50, agents=2, days=2)
        assert demo_language(en) == "en"
    finally:
        en.close()


def test_a_demo_in_a_language_it_does_not_have_is_refused(tmp_path):
    store = open_store(tmp_path / "ja.db", FixedClock(NOW))
    try:
        with pytest.raises(ValueError, match="zh_CN"):
            seed_demo(store, language="ja", **SMALL)
        assert rows(store, "SELECT count(*) FROM agents") == [(0,)]
    finally:
        store.close()


@pytest.mark.perf
def test_the_chinese_demo_seeds_as_fast_as_the_english_one(tmp_path):
    """The default size in Chinese: its notes are drawn from tables as the English ones are, so it keeps
    the English demo's bound (7-8 s for either on this 2-core machine, README)."""
    store = open_store(tmp_path / "full.db", FixedClock(NOW))
    summary = seed_demo(store, language="zh_CN")
    store.close()
    assert summary.calls > 25_000 and summary.customers == 2000 and summary.agents == 15
    assert summary.seconds < 60

# -- agentdesk demo, as the desk's language chooses it ----------------------------------------------
def demo_cli(data_home, *args, **env):
    """`agentdesk ... demo` with only the language variables given, its files under `data_home`."""
    from fixed_time import NOW_TEXT
    from test_zh_cli import invoke

    return invoke(*args, XDG_DATA_HOME=str(data_home), AGENTDESK_NOW=NOW_TEXT, **env)


TINY = ("--customers", "60", "--agents", "2", "--days", "2")


@pytest.mark.parametrize("chosen", [(("--lang", "zh_CN"), {}), ((), {"LANG": "zh_CN.UTF-8"}), ((), {"AGENTDESK_LANG": "zh"})],
                         ids=["--lang", "LANG", "AGENTDESK_LANG"])
def test_the_chinese_desk_builds_the_chinese_demo_in_its_own_file(tmp_path, chosen):
    options, env = chosen
    result = demo_cli(tmp_path, *options, "demo", "--no-launch", *TINY, **env)
    assert result.exit_code == 0, result.output
    db = tmp_path / "agentdesk" / "demo-zh_CN.db"
    assert db.exists() and not (tmp_path / "agentdesk" / "demo.db").exists()
    assert f"已生成 {db}" in result.output
    assert f"启动坐席工作台：agentdesk --lang zh_CN --db {db} --agent agent01" in result.output
    store = open_store(db)
    try:
        assert demo_language(store) == "zh_CN"
        assert {t for (t,) in rows(store, "SELECT DISTINCT team FROM agents WHERE team IS NOT NULL")} == {"华北组", "华南组"}
    finally:
        store.close()


def test_each_language_keeps_its_own_demo_and_reuses_it(tmp_path):
    assert demo_cli(tmp_path, "demo", "--no-launch", *TINY).exit_code == 0
    assert demo_cli(tmp_path, "--lang", "zh_CN", "demo", "--no-launch", *TINY).exit_code == 0
    files = tmp_path / "agentdesk"
    assert sorted(p.name for p in files.glob("*.db")) == ["demo-zh_CN.db", "demo.db"]
    for name, lang in (("demo.db", "en"), ("demo-zh_CN.db", "zh_CN")):
        store = open_store(files / name)
        try:
            assert demo_language(store) == lang
        finally:
            store.close()
    again = demo_cli(tmp_path, "--lang", "zh_CN", "demo", "--no-launch")
    assert f"演示数据库 {files / 'demo-zh_CN.db'} 已存在；直接沿用。" in again.output


def test_a_named_store_with_the_other_languages_demo_is_reused_and_said_so(tmp_path):
    db = tmp_path / "mine.db"
    assert demo_cli(tmp_path, "--db", db, "demo", "--no-launch", *TINY).exit_code == 0
    store = open_store(db)
    before = digest(store)
    store.close()
    result = demo_cli(tmp_path, "--lang", "zh_CN", "--db", db, "demo", "--no-launch", *TINY)
    assert result.exit_code == 0, result.output
    assert f"演示数据库 {db} 已存在，里面是英文演示数据；直接沿用。如需中文演示数据，请用 --db 指定另一个文件" in result.output
    store = open_store(db)
    try:
        assert digest(store) == before
    finally:
        store.close()
    fresh = demo_cli(tmp_path, "--lang", "zh_CN", "--db", tmp_path / "fresh.db", "demo", "--no-launch", *TINY)
    assert fresh.exit_code == 0 and f"已生成 {tmp_path / 'fresh.db'}" in fresh.output  # another file: a Chinese demo


def test_the_chinese_demo_starts_the_chinese_desk_as_the_demo_agent(tmp_path, monkeypatch):
    from tui import i18n

    started = []
    monkeypatch.setattr("tui.cli_demo.run_desk", lambda env, agent=None: started.append((env.db_path, agent, i18n.language())))
    result = demo_cli(tmp_path, "--lang", "zh_CN", "demo", *TINY)
    assert result.exit_code == 0, result.output
    assert started == [(tmp_path / "agentdesk" / "demo-zh_CN.db", "agent01", "zh_CN")]


async def test_the_chinese_demo_desk_reads_chinese_in_the_callback_queues(zh_demo, tmp_path):
    from desk_support import SIZE, desk_app, home_loaded, screen_text, settle, wait_until

    from demo import words_zh
    from screens.callbacks import CallbacksScreen
    from tui import i18n

    store, _ = zh_demo
    i18n.set_language("zh_CN")
    app = desk_app(store, "agent01", config_path=tmp_path / "none.toml")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, CallbacksScreen) and app.screen.queue is not None)
        await settle(pilot)
        text = screen_text(app)
    reasons = [r for rs in words_zh.CALLBACK_REASONS.values() for r in rs]
    reasons += [r for rs in words_zh.RETURN_VISIT.values() for r in rs]
    assert "我的回电" in text and "公共池" in text and words_zh.MISSED_CALL in text
    assert any(r in text for r in reasons)
    assert not re.search(r"Call back|Return visit|missed call|Follow-up", text)
