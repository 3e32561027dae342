"""The floor bench/run.py measures the desk against: a bare Textual app, an Input echoing into a Static.

    python bench/bare_app.py

Whatever is typed shows as `echo: TEXT` below the box; Ctrl+Q quits. Nothing else: no store, no
workers, no styles of its own. The same Python and Textual as the desk, started the same way.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Label, Static

TITLE = "bare textual app ready"


class BareApp(App):
    def compose(self) -> ComposeResult:
        yield Label(TITLE)
        yield Input(id="box")
        yield Static("echo: ", id="echo", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update("echo: " + event.value)


if __name__ == "__main__":
    BareApp().run()
