"""The demo's people: the admin, a lead per team and the front-line agents, each with a status log."""

from __future__ import annotations

from demo.past import ADMIN_LOGIN, Past


class Agent:
    __slots__ = ("id", "login", "name", "role", "team", "ext", "lead", "pending", "status_rows", "cur",
                 "end", "breaks", "left")

    def __init__(self, id_, login, name, role, team, ext):
        self.id, self.login, self.name, self.role, self.team, self.ext = id_, login, name, role, team, ext
        self.lead = None
        self.pending: list = []  # heap of (due, callback id) this agent owns
        self.status_rows: list[list] = []  # [agent id, status, reason, start, end]
        self.cur = None  # the open status row
        self.end = 0  # when today's shift ends
        self.breaks: list = []  # today's (start, seconds, reason) still to take
        self.left = 0  # calls still to take today

    def set_status(self, status: str, reason, at: int) -> None:
        cur = self.cur
        if cur is not None:
            if cur[1] == status and cur[2] == reason:
                return
            if cur[3] >= at:  # nothing happened in between: replace, never a zero-length row
                cur[1], cur[2] = status, reason
                if len(self.status_rows) > 1 and self.status_rows[-2][1:3] == [status, reason]:
                    self.status_rows.pop()
                    self.cur = self.status_rows[-1]
                    self.cur[4] = None
                return
            cur[4] = at
        self.cur = [self.id, status, reason, at, None]
        self.status_rows.append(self.cur)


def make_agents(past: Past) -> None:
    """The admin, then per team its lead and its share of `past.n_agents` front-line agents."""
    fz = past.fake_zh
    admin = Agent(1, ADMIN_LOGIN, fz.name(), "admin", None, "8000")
    past.agents.append(admin)
    per_team = [past.n_agents // 2 + (past.n_agents % 2), past.n_agents // 2]
    number = 0
    for t, team in enumerate(past.teams):
        lead = Agent(len(past.agents) + 1, f"lead{t + 1}", fz.name(), "lead", team, f"8{t + 1}00")
        past.agents.append(lead)
        for k in range(per_team[t]):
            number += 1
            a = Agent(len(past.agents) + 1, f"agent{number:02d}", fz.name(), "agent", team, f"8{t + 1}{k + 1:02d}")
            a.lead = lead
            past.agents.append(a)
            past.front.append(a)
        lead.lead = lead
    admin.lead = past.agents[1]
    past.agent_created = past.window_start - 730 * 86400  # before the oldest customer in the archive
