"""The call form's timers, derived only from stored timestamps (never from counting ticks).

Talk runs from `started_at` (form opened or ring arrived) to `ended_at` (the
end-call key, or the save), less the time on hold; hold accumulates across
toggles; wrap runs from `ended_at` to the save. A redraw, a suspended terminal
or a restart from a draft cannot make them drift: every figure is `now` minus
a stored moment. Imports nothing of the UI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from store.clock import iso, parse_iso


def _secs(later: datetime, earlier: datetime) -> int:
    return max(0, int((later - earlier).total_seconds()))


@dataclass
class CallTimes:
    started_at: str  # UTC ISO
    ended_at: str | None = None
    hold_since: str | None = None  # on hold since then
    held_s: int = 0  # finished holds

    @classmethod
    def start(cls, now: datetime, at: str | None = None) -> CallTimes:
        """Talk from `at` (a ring's arrival) or now; a ring time in the future counts from now."""
        begin = iso(now) if not at or parse_iso(at) > now else at
        return cls(started_at=begin)

    @property
    def on_hold(self) -> bool:
        return self.hold_since is not None

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    def hold_s(self, now: datetime) -> int:
        if self.hold_since is None:
            return self.held_s
        until = parse_iso(self.ended_at) if self.ended_at else now
        return self.held_s + _secs(until, parse_iso(self.hold_since))

    def talk_s(self, now: datetime) -> int:
        end = parse_iso(self.ended_at) if self.ended_at else now
        return max(0, _secs(end, parse_iso(self.started_at)) - self.hold_s(end))

    def wrap_s(self, now: datetime) -> int:
        return _secs(now, parse_iso(self.ended_at)) if self.ended_at else 0

    def toggle_hold(self, now: datetime) -> bool:
        """Hold on / off; returns True when now on hold. No hold after the call ended."""
        if self.ended_at:
            return False
        if self.hold_since is None:
            self.hold_since = iso(now)
            return True
        self.held_s = self.hold_s(now)
        self.hold_since = None
        return False

    def end(self, now: datetime) -> None:
        """The end-call key: talk (and any hold) stops, wrap starts."""
        if self.ended_at:
            return
        if self.hold_since is not None:
            self.held_s = self.hold_s(now)
            self.hold_since = None
        self.ended_at = iso(now)

    def final(self, now: datetime) -> dict:
        """What the saved call stores; saving ends the call if the end key was not pressed."""
        done = CallTimes(**asdict(self))
        done.end(now)
        return {
            "started_at": done.started_at,
            "ended_at": done.ended_at,
            "talk_s": done.talk_s(now),
            "hold_s": done.hold_s(now),
            "wrap_s": done.wrap_s(now),
        }

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> CallTimes:
        return cls(
            started_at=str(data["started_at"]),
            ended_at=data.get("ended_at"),
            hold_since=data.get("hold_since"),
            held_s=int(data.get("held_s") or 0),
        )
