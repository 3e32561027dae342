"""The 简体中文 catalog: complete, its placeholders and keys intact, in the words Chinese call centres use.

GLOSSARY: a msgid that contains the English word (the pattern) must be translated with one of the
Chinese terms (shared/GLOSSARY-zh.md and POLICY.md), except the msgids listed where the word means
something else. Add a row when a new concept gets its word; add to NOT_THE_CONCEPT only with a reason.
"""

from __future__ import annotations

import re
import string

import pytest

from tui import i18n_catalogs

PO = i18n_catalogs.LOCALE / "zh_CN" / "LC_MESSAGES" / f"{i18n_catalogs.DOMAIN}.po"
CATALOG = i18n_catalogs.read_catalog(PO)
MESSAGES = [m for m in CATALOG if m.id]
CHINESE = re.compile(r"[\u3400-\u9fff]")

# msgids whose translation is the msgid or has no Chinese character, and why (a msgid with no word
# outside its placeholders, such as "{file}: {reason}", needs no listing)
SAME_IN_CHINESE = {
    "KPI": "the abbreviation Chinese teams use as it is",
}

# (English word or phrase as a regex, the Chinese terms one of which must be in the translation)
GLOSSARY: list[tuple[str, tuple[str, ...]]] = [
    (r"\bagents?\b", ("坐席",)),
    (r"\bleads?\b", ("班长",)),
    (r"\badmins?\b", ("管理员",)),
    (r"\bcustomers?\b", ("客户",)),
    (r"\bcallbacks?\b", ("回电", "回访")),
    (r"\breturn visits?\b|回访", ("回访",)),
    (r"\bmissed call\b", ("未接来电",)),
    (r"\bcomplaints?\b", ("投诉",)),
    (r"\bconsultation\b", ("咨询",)),
    (r"\bafter-sales\b", ("售后",)),
    (r"\bshipping\b", ("发货",)),
    (r"\bbilling\b", ("账务",)),
    (r"\bfeedback\b", ("市场反馈",)),
    (r"\bdeductions?\b", ("扣分",)),
    (r"\bappeal(s|ed)?\b", ("申诉",)),
    (r"\bweekly summary\b", ("周报",)),
    (r"\bwrap\b|\bwrap-up\b", ("话后整理",)),
    (r"\bready\b", ("示闲",)),
    (r"\bbreak\b", ("示忙",)),
    (r"^on call$", ("通话中",)),
    (r"\boffline\b", ("离线",)),
    (r"\bhold\b", ("保持",)),
    (r"\btransfer(red)?\b", ("转接",)),
    (r"\bescalat(e|ed|ion)\b", ("升级", "转")),
    (r"\bresolved\b", ("解决",)),
    (r"\bscorecard\b", ("考核表",)),
    (r"\bassessment\b", ("考核",)),
    (r"\bgrade\b", ("等级",)),
    (r"\brank(ed)?\b", ("排名",)),
    (r"\bcsat\b|\bsatisfaction\b|\bsurvey\b", ("满意度",)),
    (r"\baht\b|\baverage handle time\b", ("平均处理时长",)),
    (r"\bfcr\b|\bfirst-call resolution\b", ("首次解决率",)),
    (r"\boccupancy\b", ("占用率",)),
    (r"\bprospect\b", ("准客户",)),
    (r"\bcontracted\b", ("已签约",)),
    (r"\bpool\b", ("公共池",)),
    (r"\bwalk-in\b", ("到店",)),
    (r"\bextension\b", ("分机",)),
    (r"\bconduct\b", ("纪律",)),
    (r"\bwallboard\b", ("看板",)),
    (r"\baudit\b", ("审计", "操作日志")),
]

# msgids where a glossary word means something else (pattern, msgid)
NOT_THE_CONCEPT = {
    (r"\bbreak\b", "{table}: the rows break a rule of the store ({rule}); each row is loaded once."),  # to violate
    (r"\bcustomers?\b", "agentdesk: the customer-service agent desk. Run alone to start the desk."),  # 客服
}
# what a glossary word is not looked for in: placeholders, options and their metavars, quoted literals
# (commands, values to type), and a sentence's leading field name ("customer: ...", a field's slug)
NOT_WORDS = re.compile(r"\{[^{}]*\}|--[\w-]+(?: [A-Z][A-Z_]+)?|'[^']*'|^[\w.-]+: ")

# keys keep their names in every language; a message that names one names it in its translation
KEY_NAMES = re.compile(r"\b(?:(?:F\d{1,2}|Ctrl\+\w|Shift\+Tab|Escape|Esc|Enter|Tab|PgUp|PgDn|Home/End)(?!\w)|Alt\+)")
# the one-key letters of a choice, as the messages write them: "(c consultation, o order", "y accepts", "a: add"
ONE_KEY = re.compile(r"(?:^|[(,;:/]\s?|\b(?:then|or|with) )([b-zB-HJ-Z]|[aAI](?=:))(?=[\s:]|\.(?!g\.))")


def _id(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message) -> list[str]:
    return list(message.string) if message.pluralizable else [message.string]


def _placeholders(text: str) -> list[tuple]:
    """Each `{name!conversion:spec}` of a str.format text; `{{` is a brace, not a placeholder."""
    return sorted((name, conv or "", spec or "") for _lit, name, spec, conv in string.Formatter().parse(text)
                  if name is not None)


def _percent(text: str) -> list[str]:
    return sorted(re.findall(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifg%r]", text))


def test_the_catalog_is_for_zh_cn_with_one_plural_form():
    assert CATALOG.locale_identifier == "zh_CN"
    assert CATALOG.plural_forms == "nplurals=1; plural=0;"
    assert len(MESSAGES) > 700


def test_every_message_is_translated_into_chinese():
    problems = []
    for m in MESSAGES:
        for text in _strings(m):
            if not text:
                problems.append(("empty", m.id))
            elif "fuzzy" in m.flags:
                problems.append(("fuzzy: review it", m.id))
            elif _id(m) in SAME_IN_CHINESE or not re.search("[A-Za-z]", NOT_WORDS.sub("", _id(m))):
                continue
            elif text == _id(m):
                problems.append(("same as the msgid", m.id))
            elif not CHINESE.search(text):
                problems.append(("no Chinese character", m.id))
    assert problems == []


def test_placeholders_are_kept_exactly():
    problems = []
    for m in MESSAGES:
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        for text in _strings(m):
            if text and not any(_placeholders(text) == _placeholders(i) and _percent(text) == _percent(i) for i in ids):
                problems.append((m.id, text))
    assert problems == []


def test_key_names_and_one_key_letters_are_kept():
    problems = []
    for m in MESSAGES:
        for text in _strings(m):
            for key in KEY_NAMES.findall(_id(m)):
                if key not in text:
                    problems.append((key, m.id, text))
            for letter in ONE_KEY.findall(_id(m)):
                if not re.search(rf"(?<![A-Za-z]){letter}(?![A-Za-z])", text):
                    problems.append((letter, m.id, text))
    assert problems == []


@pytest.mark.parametrize(("pattern", "terms"), GLOSSARY, ids=[p for p, _t in GLOSSARY])
def test_glossary_terms_are_used_for_their_concepts(pattern, terms):
    word = re.compile(pattern, re.IGNORECASE)
    used = [m for m in MESSAGES if any(word.search(NOT_WORDS.sub("", i)) for i in ([m.id] if isinstance(m.id, str) else m.id))
            and (pattern, _id(m)) not in NOT_THE_CONCEPT]
    missing = [(m.id, text) for m in used for text in _strings(m) if not any(t in text for t in terms)]
    assert missing == []


def test_the_allow_lists_name_messages_that_exist():
    ids = {_id(m) for m in MESSAGES}
    assert set(SAME_IN_CHINESE) <= ids
    assert {msgid for _p, msgid in NOT_THE_CONCEPT} <= ids
    assert {p for p, _m in NOT_THE_CONCEPT} <= {p for p, _t in GLOSSARY}


def test_the_check_catches_what_it_is_for():
    assert _placeholders("{n} 条，{s:.1f} 秒 {{x}}") == [("n", "", ""), ("s", "", ".1f")]
    assert _placeholders("{value!r}") != _placeholders("{value}")
    assert ONE_KEY.findall("Pending appeals: y accepts, n rejects") == ["y", "n"]
    assert ONE_KEY.findall("(a: add, d: remove)") == ["a", "d"]
    assert ONE_KEY.findall("a lead sees only their team") == []
    assert KEY_NAMES.findall("Enter, Ctrl+S or F10 saves; Escape cancels") == ["Enter", "Ctrl+S", "F10", "Escape"]
    assert KEY_NAMES.findall("Escalated to the Table; Alt+letter") == ["Alt+"]
    assert ONE_KEY.findall("use digits, e.g. 8001, or claim one with C.") == ["C"]
    assert NOT_WORDS.sub("", "customer: give --agent LOGIN or 'agentdesk agents add' for {agent}") == "give  or  for "
