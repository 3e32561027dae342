"""Store errors carry a message id and its parameters: English by default, translated at the edge."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from store.errors import Conflict, NotFound, PermissionDenied, StoreError, StoreTooNew, StoreUnavailable, ValidationError
from store.messages import N_


def test_n_marks_a_sentence_and_returns_it():
    assert N_("there is no agent with login '{login}'.") == "there is no agent with login '{login}'."


def test_str_is_the_english_sentence_and_render_translates_the_id():
    error = NotFound(N_("there is no agent with login '{login}'."), login="zoe")
    assert str(error) == "there is no agent with login 'zoe'."
    assert error.message_id == "there is no agent with login '{login}'."
    assert error.params == {"login": "zoe"}
    catalog = {"there is no agent with login '{login}'.": "没有登录名为“{login}”的坐席。"}
    assert error.render(lambda text: catalog.get(text, text)) == "没有登录名为“zoe”的坐席。"
    assert error.render(lambda text: text) == str(error)


def test_validation_error_keeps_its_field_and_a_parameter_may_be_called_field():
    error = ValidationError("name", N_("{field}: required; type a value."), field="name")
    assert error.field == "name" and str(error) == "name: required; type a value."


def test_conflict_keeps_its_holder_apart_from_the_parameters():
    error = Conflict(N_("callback #{id} is already claimed by {owner}."), holder="li", id=7, owner="li")
    assert error.holder == "li" and error.params == {"id": 7, "owner": "li"}
    assert str(error) == "callback #7 is already claimed by li."
    assert Conflict(N_("taken.")).holder is None


@pytest.mark.parametrize("cls", [StoreError, NotFound, PermissionDenied, StoreTooNew, StoreUnavailable])
def test_every_error_takes_an_id_and_parameters(cls):
    error = cls(N_("the folder {folder} does not exist."), folder="/srv/desk")
    assert isinstance(error, StoreError)
    assert str(error) == "the folder /srv/desk does not exist."


def test_a_sentence_without_parameters_is_shown_as_it_is_even_with_braces():
    assert str(StoreError("a name like {odd} came from elsewhere.")) == "a name like {odd} came from elsewhere."
    assert str(ValidationError("x", N_("give {{\"a\": 1}}."), )) == "give {\"a\": 1}."


ERRORS = {"StoreError", "NotFound", "PermissionDenied", "ValidationError", "Conflict", "StoreTooNew", "StoreUnavailable"}
STORE = Path(__file__).resolve().parents[1] / "store"


def _constructions():
    """(where, message id, parameter names) of every store error the store constructs (demo.py aside)."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(STORE.rglob("*.py"))
             if path.name not in ("demo.py", "errors.py")}
    named = {t.id: n.value.args[0].value for tree in trees.values() for n in tree.body if isinstance(n, ast.Assign)
             for t in n.targets if isinstance(t, ast.Name) and _is_n(n.value)}  # module constants such as PHONE_TAKEN
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ERRORS:
                where = f"{path.relative_to(STORE.parent)}:{node.lineno}"
                message = node.args[1 if node.func.id == "ValidationError" else 0]
                if _is_n(message):
                    message_id = message.args[0].value
                elif isinstance(message, ast.Name) and message.id in named:
                    message_id = named[message.id]
                else:
                    message_id = None
                yield where, message_id, {k.arg for k in node.keywords if k.arg != "holder"}


def _is_n(node) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_"
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))


def test_every_store_error_is_an_n_marked_id_whose_placeholders_are_its_parameters():
    found = list(_constructions())
    assert len(found) > 100
    unmarked = [where for where, message_id, _ in found if message_id is None]
    assert unmarked == [], "write the message as N_(\"...\") with its values as parameters"
    mismatched = []
    for where, message_id, params in found:
        placeholders = {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(message_id) if name}
        if placeholders != params:
            mismatched.append((where, message_id, sorted(params)))
    assert mismatched == []
