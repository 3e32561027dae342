"""Store errors carry a message id and its parameters: English by default, translated at the edge."""

from __future__ import annotations

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
