"""A due time as the agent types it, read back: the examples under the box are times still to come,
and the line beside it says the moment it names ("-> Fri 11-27 10:00") or why it names none.

The reading is store.duetime.parse_due's, the one the save uses, in the centre's zone at the desk's
clock: what the line says is what is saved.
"""

from __future__ import annotations

from rich.text import Text

from screens.widgets.form_modal import Field
from store.duetime import examples, parse_due
from store.errors import ValidationError
from tui.format import ARROW
from tui.i18n import _, language


def due_examples(ctx) -> str:
    """What the agent may type, in the desk's language, every example in the future."""
    return examples(ctx.clock(), ctx.zone, chinese=language().startswith("zh"))


def due_preview(ctx, text: str) -> Text:
    """The line beside a due box: the moment typed, or the refusal the save would give."""
    if not text.strip():
        return Text("")
    try:
        moment = parse_due(text, ctx.clock(), ctx.zone)
    except ValidationError as refusal:
        return Text(refusal.render(_), style="italic")
    return Text(ARROW + " " + ctx.local().spoken(moment), style="bold")


def due_field(ctx, label: str, value: str = "") -> Field:
    """A form's due-time box: future examples as its placeholder, the moment it names read back."""
    return Field("due", label, value, placeholder=due_examples(ctx), preview=lambda text: due_preview(ctx, text))
