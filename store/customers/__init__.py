"""The customer archive: customers, their phones and their search tokens.

records: the fields, creating and changing a customer; phone_commands: their numbers;
lookup: finding customers and listing them in name order; customer_card: the card and its call history; scheduling: a callback
for a customer; merge: folding a duplicate record into another. Phone-number lookups shared with
callbacks and calls sit below, in store/customer_phones.py.
"""

from store.columns import CUSTOMER_COLUMNS
from store.customer_phones import attach_phone, phone_owner, phones_of
from store.customers.customer_card import (
    HISTORY_PAGE,
    calls_page,
    customer_call,
    customer_calls,
    customer_card,
    last_change,
    merges_into,
    open_complaints,
    open_customer_card,
)
from store.customers.lookup import LIST_PAGE, LOOKUP_PAGE, find_by_phone, list_customers, lookup_customers, search_customers
from store.customers.merge import NOTES_LIMIT, merge_customers, merge_preview
from store.customers.phone_commands import add_phone, remove_phone, set_main_in_tx, set_main_phone
from store.customers.records import (
    CUSTOMER_SELECT,
    clean_fields,
    count_customers,
    create_customer,
    do_not_call_flag,
    get_customer,
    insert_customer,
    record_customer_change,
    reindex,
    require_customer,
    row_to_dict,
    set_do_not_call,
    update_customer,
    update_fields,
)
from store.customers.scheduling import schedule_callback

__all__ = [
    "CUSTOMER_COLUMNS", "CUSTOMER_SELECT", "HISTORY_PAGE", "LIST_PAGE", "LOOKUP_PAGE", "add_phone", "attach_phone", "calls_page",
    "clean_fields", "count_customers", "create_customer", "customer_call", "customer_calls", "customer_card",
    "NOTES_LIMIT", "do_not_call_flag", "find_by_phone", "get_customer", "insert_customer", "last_change", "list_customers",
    "lookup_customers", "merge_customers", "merge_preview",
    "merges_into", "open_complaints", "open_customer_card", "phone_owner", "phones_of", "record_customer_change", "reindex",
    "remove_phone", "require_customer", "row_to_dict", "schedule_callback", "search_customers", "set_do_not_call",
    "set_main_in_tx",
    "set_main_phone", "update_customer", "update_fields",
]
