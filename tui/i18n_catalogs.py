"""Keep the gettext catalogs in step with the code: `python -m tui.i18n_catalogs`.

Extracts every literal passed to `_()` / `ngettext()` in tui/ and screens/,
and every store sentence marked `N_()` in store/ (store/messages.py), into
tui/locale/agentdesk.pot, merges new messages into each language's .po, and
compiles each .po to .mo (pure Python: no gettext tools needed).
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = Path(__file__).with_name("locale")
DOMAIN = "agentdesk"
SOURCES = ("tui", "screens")
STORE_SOURCES = ("store", "demo")  # their sentences are marked N_(), translated where they are shown


def extract() -> list[str]:
    """msgids in first-seen order."""
    seen: dict[str, None] = {}
    for folder in SOURCES + STORE_SOURCES:
        marker = "N_" if folder in STORE_SOURCES else "_"
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                    continue
                if node.func.id == marker and node.args:
                    args = node.args[:1]
                elif node.func.id == "ngettext" and len(node.args) >= 2:
                    args = node.args[:2]
                else:
                    continue
                for arg in args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        seen.setdefault(arg.value, None)
    return list(seen)


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _po_unquote(text: str) -> str:
    body = text.strip()[1:-1]
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def read_po(path: Path) -> dict[str, str]:
    """{msgid: msgstr} of a simple .po file (no plurals or contexts)."""
    entries: dict[str, str] = {}
    msgid = msgstr = None
    target = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            if msgid is not None:
                entries[msgid] = msgstr or ""
            msgid, msgstr, target = _po_unquote(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, target = _po_unquote(line[7:]), "str"
        elif line.startswith('"'):
            if target == "id":
                msgid += _po_unquote(line)
            elif target == "str":
                msgstr += _po_unquote(line)
        elif not line.strip() and msgid is not None:
            entries[msgid] = msgstr or ""
            msgid = msgstr = target = None
    return entries


def write_po(path: Path, msgids: list[str], translations: dict[str, str], language: str | None) -> None:
    header = (
        "Project-Id-Version: agentdesk\\n"
        + (f"Language: {language}\\n" if language else "")
        + "MIME-Version: 1.0\\nContent-Type: text/plain; charset=UTF-8\\nContent-Transfer-Encoding: 8bit\\n"
    )
    lines = ['msgid ""', f'msgstr "{header}"', ""]
    for msgid in msgids:
        lines += [f"msgid {_po_quote(msgid)}", f"msgstr {_po_quote(translations.get(msgid, ''))}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_mo(path: Path, translations: dict[str, str]) -> None:
    """GNU .mo: header, two offset tables, then the strings."""
    pairs = sorted((k.encode(), v.encode()) for k, v in translations.items() if v or k == "")
    ids = b"".join(k + b"\0" for k, _ in pairs)
    strs = b"".join(v + b"\0" for _, v in pairs)
    n = len(pairs)
    start_ids = 7 * 4 + 16 * n
    start_strs = start_ids + len(ids)
    offsets, id_off, str_off = [], 0, 0
    for k, v in pairs:
        offsets.append((len(k), start_ids + id_off, len(v), start_strs + str_off))
        id_off += len(k) + 1
        str_off += len(v) + 1
    out = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    out += b"".join(struct.pack("ii", a, b) for a, b, _, _ in offsets)
    out += b"".join(struct.pack("ii", c, d) for _, _, c, d in offsets)
    path.write_bytes(out + ids + strs)


def update() -> list[str]:
    msgids = extract()
    write_po(LOCALE / f"{DOMAIN}.pot", msgids, {}, None)
    for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = po.parents[1].name
        translations = read_po(po)
        write_po(po, msgids, translations, language)
        header = (
            f"Language: {language}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n"
        )
        write_mo(po.with_suffix(".mo"), {**{k: v for k, v in translations.items() if k}, "": header})
    return msgids


if __name__ == "__main__":
    print(f"{len(update())} messages")
