"""Search tokens, computed in Python, and safe FTS5 queries.

unicode61 keeps a run of Chinese characters as one token, and trigram needs
three characters, so neither finds 张伟欣 by 伟 or 张伟. We index every
single CJK character and every adjacent pair as tokens of their own; a
query's CJK run becomes its characters (one) or its pairs (two or more).
Latin words become prefix queries. Every term is double-quoted, so user
text never reaches MATCH as syntax: `"`, `*`, `NEAR(`, `OR`, `-` are data.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = (
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
    r"\u3040-\u30ff\uac00-\ud7af"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits, no underscore


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _cjk_grams(run: str) -> list[str]:
    grams = list(run)
    grams += [run[i : i + 2] for i in range(len(run) - 1)]
    return grams


def _words(text: str) -> tuple[list[str], list[str]]:
    """(latin words, CJK runs) of folded text."""
    cjk_runs = _CJK_RUN.findall(text)
    rest = _CJK_RUN.sub(" ", text)
    return _WORD.findall(rest), cjk_runs


def document_tokens(*fields: str) -> str:
    """The token text stored in customer_fts.tokens for one customer."""
    out: list[str] = []
    for field in fields:
        text = _fold(field)
        words, runs = _words(text)
        out.extend(words)
        for run in runs:
            out.extend(_cjk_grams(run))
    return " ".join(out)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_query(user_text: str, max_terms: int = 12, min_prefix: int = 1) -> str | None:
    """An FTS5 MATCH expression for what the user typed, or None if nothing searchable.

    All terms must match (AND). Latin words of at least `min_prefix` characters match as
    prefixes, shorter ones as whole words (a one-letter prefix merges half the index).
    """
    text = _fold(user_text)[:500]
    words, runs = _words(text)
    terms: list[str] = [_quote(w) + ("*" if len(w) >= min_prefix else "") for w in words]
    for run in runs:
        if len(run) == 1:
            terms.append(_quote(run))
        else:
            terms.extend(_quote(run[i : i + 2]) for i in range(len(run) - 1))
    if not terms:
        return None
    return " AND ".join(terms[:max_terms])
