"""The desk App: composes the screens, owns the global keys and the store poll. Nothing else."""

from __future__ import annotations

import gc
import re
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.theme import ThemeProvider

from screens.base import DeskContext, DeskScreen
from screens.failures import ReportsFailures, WorkFailed
from screens.help import HelpScreen, collect_keys
from screens.home import HomeScreen
from screens.requests import CallClosed, FollowCall, OpenAudit, OpenCall, OpenCallbackForm, OpenCard, OpenCase
from store.agent_prefs import AgentPrefs, prefs_at_start
from store.agents import whoami
from store.changes import ChangeWatcher
from store.settings import centre_zone
from tui import desk_language, navigation, palette, safe_text
from tui.desk_runtime import DeskRuntime
from tui.i18n import N_, _, take_fallback_notice
from tui.key_order import KeysInOrder
from tui.keymap import desk_keymap
from tui.keys import global_bindings
from tui.paths import config_file, export_dir

# Topics that change what a desk's screens show; "rings" also go to the desk runtime (tui/desk_runtime.py).
WATCHED_TOPICS = frozenset({"calls", "callbacks", "customers", "status", "agents", "settings", "rings", "card_views",
                            "cases"})
# Textual's own words the desk shows: its command-palette entries and the key of an open Select's menu (in
# the footer); message ids, so that they are said in the desk's language
TEXTUAL_WORDS = (
    N_("Dismiss menu"),
    N_("Theme"), N_("Change the current theme"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Show help for the focused widget and a summary of available keys"),
    N_("Hide the keys and widget help panel"), N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"), N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)


class DeskApp(ReportsFailures, App[None], inherit_bindings=False):
    TITLE = "agentdesk"
    CSS_PATH = "theme.tcss"
    # our keys only, in our order; ctrl+c just says how to quit (Textual's default)
    BINDINGS = [*global_bindings(), Binding("ctrl+c", "help_quit", show=False, system=True)]
    POLL_S = 0.75  # seconds between the end of one poll and the start of the next

    def __init__(self, store, agent_login: str, clock: Callable[[], datetime] | None = None,
                 config_path: Path | None = None, cursor_blink: bool = True, freeze_gc: bool = False,
                 bound: bool = False, prefs: AgentPrefs | None = None) -> None:
        super().__init__()
        self._freeze_gc = freeze_gc
        # the store's one read before the event loop starts: which zone to show times in
        self.ctx = DeskContext(store, agent_login, clock or store.clock, centre_zone(store), whoami(store, agent_login).role,
                               bound=bound)
        self.cursor_blink = cursor_blink
        prefs = prefs if prefs is not None else prefs_at_start(store, agent_login)
        keymap, self._config_problems = desk_keymap(config_path or config_file(), prefs.keymap)
        if keymap:
            self.set_keymap(keymap)
        # before the first screen loads, so no change made meanwhile is missed
        self._watcher = ChangeWatcher(store)
        store.add_listener(self._heard)
        self._poll_error: str | None = None
        self.polls = 0  # polls answered so far
        self.recent_polls: deque[tuple[int, frozenset[str]]] = deque(maxlen=64)  # (poll, topics): tests count in polls
        self._clashes: set[frozenset[str]] = set()
        self.keys_in_order = KeysInOrder(self, super().on_event)
        self.desk_runtime = DeskRuntime(self)  # session, heartbeat, rings, draft restore, status, break nudge
        self._language_notice = take_fallback_notice()  # the language asked for has no catalog: said once, in English

    async def on_event(self, event: events.Event) -> None:
        if self.keys_in_order.wants(event):
            self.keys_in_order.take(event)  # handed back to App.on_event one settled key at a time
            return
        await super().on_event(event)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every toast, from any screen, as the display sanitiser shows text: a quoted name or number never
        sends a control character to the terminal, and no toast parses markup (tui/safe_text.py)."""
        super().notify(safe_text.shown(message, multiline=True), title=safe_text.line(title), severity=severity,
                       timeout=timeout, markup=False)

    def get_default_screen(self) -> Screen:
        return HomeScreen(self.ctx)

    def on_mount(self) -> None:
        if self._language_notice:
            self.notify(self._language_notice, severity="warning", timeout=15, markup=False)
        for problem in self._config_problems:
            self.notify(problem, title=_("Key settings"), severity="warning", timeout=15, markup=False)
        self._poll()
        self.desk_runtime.start()
        if self._freeze_gc:
            # Startup leaves ~10^5 long-lived objects (Textual, Rich, phone metadata) that every
            # full garbage collection would walk again: 17-48 ms pauses in the middle of typing.
            # Freezing them once the first screen is up keeps full collections to new objects.
            self.call_after_refresh(gc.freeze)

    def on_unmount(self) -> None:
        self.ctx.store.remove_listener(self._heard)
        self.desk_runtime.stop()

    # -- global keys --------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(*collect_keys(self.screen)))

    def action_customers(self) -> None:
        from screens.customers import LookupScreen

        navigation.switch_to(self, LookupScreen, lambda: LookupScreen(self.ctx))

    def action_callbacks(self) -> None:
        from screens.callbacks import CallbacksScreen

        navigation.switch_to(self, CallbacksScreen, lambda: CallbacksScreen(self.ctx))

    def action_cases(self) -> None:
        from screens.cases import CaseListScreen

        navigation.switch_to(self, CaseListScreen, lambda: CaseListScreen(self.ctx))

    def on_open_case(self, message: OpenCase) -> None:
        from screens.case_detail import CaseDetailScreen

        self.push_screen(CaseDetailScreen(self.ctx, message.case_id))

    def action_home(self) -> None:
        navigation.go_home(self)

    async def action_quit(self) -> None:
        navigation.quit_desk(self)

    def action_new_call(self) -> None:
        self.open_call()

    def open_call(self, number: str | None = None, customer_id: int | None = None, callback_id: int | None = None) -> None:
        """The call form, prefilled; an open one comes back instead."""
        navigation.open_call(self, number=number, customer_id=customer_id, callback_id=callback_id)

    # -- what screens ask for (screens/requests.py) ------------------------------------
    def on_open_call(self, message: OpenCall) -> None:
        self.open_call(**message.prefill)

    def on_open_card(self, message: OpenCard) -> None:
        navigation.open_card(self, message.customer_id, message.name, message.phone, message.reason)

    def on_open_callback_form(self, message: OpenCallbackForm) -> None:
        navigation.open_callback_form(self, message.customer_id, message.name)

    def on_open_audit(self, message: OpenAudit) -> None:
        from screens.audit import AuditScreen

        self.push_screen(AuditScreen(self.ctx, message.title, customer_id=message.customer_id, agent=message.agent))

    def on_follow_call(self, message: FollowCall) -> None:
        self.desk_runtime.follow(message.status, message.only_if)

    def on_call_closed(self, message: CallClosed) -> None:
        self.desk_runtime.check_rings()  # rings wait while a call is open

    def on_language_saved(self, message: desk_language.LanguageSaved) -> None:
        desk_language.language_saved(self, message)

    # -- the desk runtime's workers report here --------------------------------------
    def on_desk_runtime_started(self, message: DeskRuntime.Started) -> None:
        self.desk_runtime.started(message)

    def on_desk_runtime_ring_checked(self, message: DeskRuntime.RingChecked) -> None:
        self.desk_runtime.ring_checked(message)

    def on_desk_runtime_beaten(self, message: DeskRuntime.Beaten) -> None:
        self.desk_runtime.check_break(message.status)

    def action_agent_status(self) -> None:
        from screens.status import AgentStatusScreen

        navigation.switch_to(self, AgentStatusScreen, lambda: AgentStatusScreen(self.ctx))

    def action_my_kpis(self) -> None:
        from screens.kpi import KpiScreen

        navigation.switch_to(self, KpiScreen, lambda: KpiScreen(self.ctx))

    def action_team(self) -> None:
        from screens.team import TeamScreen

        if self.ctx.role == "agent":  # as the last status load read it; the store checks every read again
            self.notify(_("The team scorecard is for leads and admins."), severity="warning", markup=False)
        else:
            navigation.switch_to(self, TeamScreen, lambda: TeamScreen(self.ctx, export_dir=export_dir()))

    def action_command_palette(self) -> None:
        """Textual's palette, its search box in the desk's words."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands")))

    def search_themes(self) -> None:
        """The palette's Theme command: Textual's themes (their names are Textual's), the box in our words."""
        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes")))

    def action_back(self) -> None:
        if self._can_go_back():
            navigation.go_back(self)

    def _can_go_back(self) -> bool:
        # modals bind their own Escape; the home screen has nothing to go back to
        return any(not isinstance(s, ModalScreen) for s in self.screen_stack[1:])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self._can_go_back()
        return True

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        return shown.upper() if re.fullmatch(r"f\d{1,2}", shown) else shown

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The desk's commands first (tui/palette.py), then Textual's, in the desk's words."""
        yield from palette.key_commands(self, screen, of_app=False)
        yield from palette.key_commands(self, screen, of_app=True)
        yield from palette.status_commands(self)
        yield from desk_language.language_commands(self)
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node) -> None:
        ids = frozenset(b.id or b.action for b in clashed_bindings)
        # one id on several keys (help = F1 and ?) remapped together is not a clash
        if len(ids) > 1 and ids not in self._clashes:
            self._clashes.add(ids)
            self.notify(
                _("Your keymap gives one key to several actions: {ids}.").format(ids=", ".join(sorted(ids))),
                title=_("Key settings"), severity="warning", timeout=15, markup=False,
            )

    # -- failures: one sentence for each (screens/failures.py) ---------------
    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group == "poll":
            if message.sentence != self._poll_error:  # once, not every poll while the store stays broken
                self._poll_error = message.sentence
                self.notify(message.sentence, title=_("Cannot check for changes"), severity="error", timeout=10,
                            markup=False)
            self.set_timer(self.POLL_S, self._poll)
            return
        self.notify(message.sentence, title=_("Something went wrong"), severity="error", timeout=10, markup=False)
        self.log.error(message.error)

    # -- store changes: this desk's own commits, and others' by poll -----------
    class StoreChanged(Message):
        """Topics that changed: heard from this desk's own commits, or polled from others'."""

        def __init__(self, topics: frozenset[str], polled: bool) -> None:
            super().__init__()
            self.topics, self.polled = topics, polled

    def _heard(self, topics: frozenset[str]) -> None:
        """The store's listener: runs in the thread that committed (post_message is thread-safe)."""
        self.post_message(self.StoreChanged(topics, polled=False))

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self) -> None:
        self.post_message(self.StoreChanged(frozenset(self._watcher.poll()), polled=True))

    def on_desk_app_store_changed(self, message: StoreChanged) -> None:
        if message.polled:
            self._poll_error = None
            self.polls += 1
            self.recent_polls.append((self.polls, message.topics))
            self.set_timer(self.POLL_S, self._poll)
        self.desk_runtime.store_changed(message.topics)
        topics = message.topics & WATCHED_TOPICS
        now = self.ctx.clock()
        for screen in self.screen_stack:
            if isinstance(screen, DeskScreen):
                screen.store_changed(topics, now)


def make_app(store, agent_login: str, clock: Callable[[], datetime] | None = None, **options) -> DeskApp:
    """The desk for `agent_login` on an open store; tests pass a fixed clock, config_path, cursor_blink=False.
    `prefs`: the agent's preferences as the CLI read them (else read here); their keymap applies."""
    return DeskApp(store, agent_login, clock, **options)
