"""Why a customer's card is open, and every opening recorded (table card_views, docs/store.md).

An agent opens a card only for the work in front of them: their call of today about that customer,
their open callback for them, a lookup of at least 2 characters (4 digits for a number) among whose
matches the customer is, or a customer they have just created. Leads and admins open any card (their
scope). Each opening is a card_views row and its audit row; an agent's openings past the setting
`card_views_per_hour` in the last hour raise an audited alert the lead's wallboard shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from store import phones as phone_lib
from store import search as search_lib
from store import settings as settings_lib
from store.access import ANY_ROLE
from store.clock import iso, parse_iso
from store.db import Store, Tx
from store.errors import PermissionDenied
from store.messages import N_
from store.periods import day_bounds

LOOKUP_LEAST_CHARACTERS = 2
LOOKUP_LEAST_DIGITS = 4
LOOKUP_MOST_ROWS = 20  # an agent's lookup: the F3 page, never more
LOOKUP_MATCHES_READ = 500  # how far down a lookup's matches the customer may be
VIEW_KEPT_HOURS = 12  # a card opened stays readable (pages, reloads) for a shift without a new view


@dataclass(frozen=True)
class CardReason:
    """What the card is opened from: kind 'call' / 'callback' (ref: its id), 'lookup' (ref: the text
    typed) or 'created' (the customer the agent just created); 'view' (ref: a card_views id) reads a card
    already opened again (a reload, another page of calls) without a new view."""

    kind: str
    ref: str = ""

    @classmethod
    def call(cls, call_id: int) -> CardReason:
        return cls("call", str(call_id))

    @classmethod
    def callback(cls, callback_id: int) -> CardReason:
        return cls("callback", str(callback_id))

    @classmethod
    def lookup(cls, query: str) -> CardReason:
        return cls("lookup", query)

    @classmethod
    def created(cls) -> CardReason:
        return cls("created")

    @classmethod
    def view(cls, view_id: int) -> CardReason:
        return cls("view", str(view_id))


def lookup_is_narrow(query: str) -> bool:
    """At least 2 characters, or, for a number (digits and phone punctuation), at least 4 digits."""
    text = search_lib.clean_query(query)
    digits = phone_lib.ascii_digits(text)
    if digits and not text.strip("+-()./ 0123456789０１２３４５６７８９"):
        return len(digits) >= LOOKUP_LEAST_DIGITS
    return len(text) >= LOOKUP_LEAST_CHARACTERS


def agent_lookup_too_wide(tx: Tx, query: str) -> bool:
    """An agent looks a caller up; reading the archive in bulk is a lead's or an admin's."""
    return tx.actor.role == "agent" and not lookup_is_narrow(query)


def too_wide() -> PermissionDenied:
    return PermissionDenied(N_("an agent's lookup needs at least 2 characters or 4 digits of the caller; "
                               "type more of the name or number."))


def require_agent_limit(tx: Tx, limit: int) -> None:
    if tx.actor.role == "agent" and limit > LOOKUP_MOST_ROWS:
        raise PermissionDenied(N_("an agent's lookup shows at most {most} customers; narrow the query instead."),
                               most=LOOKUP_MOST_ROWS)


class ReasonNeeded(PermissionDenied):
    """An agent's card asked for without a reason (the CLI names its options instead)."""


def _refuse() -> PermissionDenied:
    return ReasonNeeded(N_("an agent opens a customer's card from their call or callback about that customer "
                               "or from a lookup of at least 2 characters or 4 digits that finds them."))


def _ref_id(reason: CardReason) -> int:
    if not reason.ref.isdigit():
        raise _refuse()
    return int(reason.ref)


def check_reason(tx: Tx, customer_id: int, reason: CardReason | None) -> str:
    """Refuse an agent's card without a reason that holds; the kind recorded ('scope' for leads and admins)."""
    actor = tx.actor
    if actor.role != "agent":
        return reason.kind if reason is not None else "scope"
    if reason is None:
        raise _refuse()
    if reason.kind == "call":
        start, end = day_bounds(parse_iso(tx.now), settings_lib.zone(tx))
        ok = tx.scalar("SELECT 1 FROM calls WHERE id = ? AND agent_id = ? AND customer_id = ? AND started_at >= ?",
                       (_ref_id(reason), actor.id, customer_id, start))
        if not ok:
            raise PermissionDenied(N_("call #{call_id} is not a call of yours today with customer #{customer_id}; "
                                      "open the card from your own call or from a lookup."),
                                   call_id=reason.ref, customer_id=customer_id)
    elif reason.kind == "callback":
        ok = tx.scalar("SELECT 1 FROM callbacks WHERE id = ? AND owner_id = ? AND customer_id = ? AND status = 'open'",
                       (_ref_id(reason), actor.id, customer_id))
        if not ok:
            raise PermissionDenied(N_("callback #{callback_id} is not an open callback of yours for customer "
                                      "#{customer_id}; claim it first or open the card from a lookup."),
                                   callback_id=reason.ref, customer_id=customer_id)
    elif reason.kind == "lookup":
        if not lookup_is_narrow(reason.ref):
            raise too_wide()
        # among its matches, not only the first page: F3's status and tag filters may have brought it up
        found = search_lib.lookup(tx, reason.ref, LOOKUP_MATCHES_READ)
        if customer_id not in {cid for cid, _klass in found.ranked}:
            raise PermissionDenied(N_("the lookup '{query}' does not find customer #{customer_id}; open the card "
                                      "from a lookup that finds them."), query=reason.ref, customer_id=customer_id)
    elif reason.kind == "view":
        ok = tx.scalar("SELECT 1 FROM card_views WHERE id = ? AND agent_id = ? AND customer_id = ? AND at > ?",
                       (_ref_id(reason), actor.id, customer_id,
                        iso(parse_iso(tx.now) - timedelta(hours=VIEW_KEPT_HOURS))))
        if not ok:
            raise _refuse()
    elif reason.kind == "created":
        ok = tx.scalar("SELECT 1 FROM customers WHERE id = ? AND created_by = ? AND created_at >= ?",
                       (customer_id, actor.login, iso(parse_iso(tx.now) - timedelta(hours=1))))
        if not ok:
            raise _refuse()
    else:
        raise _refuse()
    return reason.kind


def record_call_form_view(store: Store, actor: str, customer_id: int, typed: str) -> bool:
    """The caller's card shown beside a call form is a card view too: recorded (and counted against the
    hour's limit) once per form and customer, its reason the number or name typed, which must find them.
    For an agent whose typing does not find the customer (a card pinned from elsewhere) nothing is
    recorded and nothing refused: the form goes on. Whether a view was recorded."""
    try:
        with store.write(actor, *ANY_ROLE) as tx:
            record_view(tx, customer_id, CardReason.lookup(typed) if typed.strip() else None)
    except PermissionDenied:
        return False
    return True


def views_last_hour(tx: Tx, agent_ids: list[int]) -> dict[int, int]:
    """How many cards each agent opened in the hour up to now."""
    since = iso(parse_iso(tx.now) - timedelta(hours=1))
    counts: dict[int, int] = {}
    for agent_id in agent_ids:
        n = int(tx.scalar("SELECT count(*) FROM card_views WHERE agent_id = ? AND at > ?", (agent_id, since)) or 0)
        if n:
            counts[agent_id] = n
    return counts


def record_view(tx: Tx, customer_id: int, reason: CardReason | None) -> int:
    """Check the reason, write the view and its audit row; an agent's first view past the hour's limit
    writes the alert's audit row too. Returns the view's id."""
    if reason is not None and reason.kind == "view":
        raise _refuse()  # a view is opened from the work, never from another view
    kind = check_reason(tx, customer_id, reason)
    ref = reason.ref if reason is not None else ""
    view_id = tx.insert("card_views", {"at": tx.now, "agent_id": tx.actor.id, "customer_id": customer_id,
                                       "reason": kind, "reason_ref": ref})
    tx.changed("card_views", view_id)
    if tx.actor.role == "agent":
        limit = int(settings_lib.read(tx, "card_views_per_hour"))
        count = views_last_hour(tx, [tx.actor.id]).get(tx.actor.id, 0)
        if limit and count == limit + 1:
            tx.audit("card_view_alerts", view_id, "insert", None,
                     {"agent": tx.actor.login, "views_last_hour": count, "limit": limit})
    return view_id
