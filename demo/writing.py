"""Who writes what in the demo, by the demo's language.

The English demo (`en`) is the centre as it always was: agents write to each customer in the
customer's language, Chinese or English; it must draw exactly the random numbers it always drew,
so the same seed keeps giving the same store. The Chinese demo (`zh_CN`) is a centre whose agents
write everything in Chinese, whoever the customer, and has more ways of saying each thing.
`lang` below is a customer's language ("zh" or "en"); `zh` a customer who is Chinese.
"""

from __future__ import annotations

import random

from demo import words, words_zh

DEMO_LANGUAGES = ("en", "zh_CN")


class MixedWriting:
    """The English demo: each customer written to in their own language."""

    language = "en"
    teams = ("north", "south")  # 华北 / 华南
    zh_share = 0.6  # of the customers

    def call_note(self, rng: random.Random, category: str, outcome: str, lang: str, customer_id: int | None) -> str:
        return rng.choice((words.NOTES_ZH if lang == "zh" else words.NOTES_EN)[category])

    def unreached_note(self, rng: random.Random, outcome: str, lang: str) -> str:
        if outcome == "no-answer":
            return "无人接听" if lang == "zh" else "No answer"
        return "打错电话" if lang == "zh" else "Wrong number"

    def escalation(self, rng: random.Random, target: str, lang: str) -> str:
        return rng.choice((words.ESCALATION_ZH if lang == "zh" else words.ESCALATION_EN)[target])

    def callback_reason(self, rng: random.Random, category: str, lang: str) -> str:
        return (words.CALLBACK_REASON_ZH if lang == "zh" else words.CALLBACK_REASON_EN)[category]

    def return_visit(self, rng: random.Random, category: str, lang: str) -> str:
        return words.RETURN_VISIT_ZH if lang == "zh" else words.RETURN_VISIT_EN

    def missed_call(self) -> str:
        return words.MISSED_CALL_REASON

    def stale_cancel(self, rng: random.Random) -> str:
        return rng.choice(words.CANCEL_REASONS)

    def given_up(self, wrong_number: bool) -> str:
        return "wrong number" if wrong_number else "no answer after 3 attempts"

    def tags(self, rng: random.Random, zh: bool) -> list[str]:
        return rng.sample(words.TAGS_ZH if zh else words.TAGS_EN, rng.choice((0, 0, 1, 1, 2)))

    def customer_note(self, rng: random.Random, zh: bool) -> str:
        return rng.choice(words.CUSTOMER_NOTES_ZH if zh else words.CUSTOMER_NOTES_EN)

    def conduct_note(self, rng: random.Random, kind: str) -> str:
        return rng.choice(words.CONDUCT_NOTES[kind])

    def appeal_reason(self, rng: random.Random) -> str:
        return rng.choice(words.APPEAL_REASONS)

    def city(self, name: str) -> str:
        return name


class ChineseWriting(MixedWriting):
    """The Chinese demo: every note, reason, tag and team in Chinese."""

    language = "zh_CN"
    teams = words_zh.TEAMS
    zh_share = 0.85

    def call_note(self, rng, category, outcome, lang, customer_id):
        note = rng.choice((words_zh.SOLVED if outcome == "resolved" else words_zh.OPEN)[category])
        if "{product}" in note:  # the appliance this customer owns, the same on every call
            products = words_zh.PRODUCTS
            product = products[customer_id % len(products)] if customer_id else rng.choice(products)
            note = note.replace("{product}", product)
        return note

    def unreached_note(self, rng, outcome, lang):
        return rng.choice(words_zh.NO_ANSWER if outcome == "no-answer" else words_zh.WRONG_NUMBER)

    def escalation(self, rng, target, lang):
        return rng.choice(words_zh.ESCALATION[target])

    def callback_reason(self, rng, category, lang):
        return rng.choice(words_zh.CALLBACK_REASONS[category])

    def return_visit(self, rng, category, lang):
        return rng.choice(words_zh.RETURN_VISIT[category])

    def missed_call(self):
        return words_zh.MISSED_CALL

    def stale_cancel(self, rng):
        return rng.choice(words_zh.CANCEL_REASONS)

    def given_up(self, wrong_number):
        return words_zh.CANCEL_WRONG_NUMBER if wrong_number else words_zh.CANCEL_NO_ANSWER

    def tags(self, rng, zh):
        return rng.sample(words_zh.TAGS if zh else words_zh.TAGS_FOREIGN, rng.choice((0, 0, 1, 1, 2)))

    def customer_note(self, rng, zh):
        return rng.choice(words_zh.CUSTOMER_NOTES if zh else words_zh.CUSTOMER_NOTES_FOREIGN)

    def conduct_note(self, rng, kind):
        return rng.choice(words_zh.CONDUCT_NOTES[kind])

    def appeal_reason(self, rng):
        return rng.choice(words_zh.APPEAL_REASONS)

    def city(self, name):
        return words_zh.CITIES.get(name, name)


def language_of_team(team: str | None) -> str | None:
    """The demo language whose first team (the demo agent's) is `team`, None for a team no demo makes."""
    return next((lang for lang in DEMO_LANGUAGES if writing_for(lang).teams[0] == team), None)


def writing_for(language: str) -> MixedWriting:
    """The writing of a demo in `language` (one of DEMO_LANGUAGES)."""
    if language == "zh_CN":
        return ChineseWriting()
    if language == "en":
        return MixedWriting()
    raise ValueError(f"no demo in {language!r}; there is one in {', '.join(DEMO_LANGUAGES)}")
