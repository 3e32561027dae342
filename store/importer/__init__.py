"""Import customers from a CSV file (what Excel writes, in English or Chinese).

Rows upsert by normalised phone: a row whose number already belongs to a
customer updates that customer, so importing the same file twice, or a file
that lists one number in two formats, never makes duplicates. Every write
goes through store.customers (FTS tokens, audit and change log stay in
step), in short BEGIN IMMEDIATE transactions (at most `batch_size` rows,
and no more rows once one has held the lock `batch_s`, then a pause), so a
desk saving meanwhile waits at most one of them. Rejected rows go to FILE.rejects.csv
with their line number and the reason. Nothing here imports click or rich:
progress is reported through a callback.

csv_files: encodings and records; headers: columns to fields; rows: one row read and written;
customer_import: the import in batches.
"""

from store.importer.csv_files import AUTO_ENCODINGS, csv_records, detect_encoding
from store.importer.customer_import import BATCH_SIZE, ImportResult, Progress, import_customers, rejects_path_for
from store.importer.headers import EXPECTED_HEADERS, HEADERS, header_key, map_headers
from store.importer.rows import STATUS_VALUES, RowRejected, apply_row, parse_row

__all__ = [
    "AUTO_ENCODINGS", "BATCH_SIZE", "EXPECTED_HEADERS", "HEADERS", "STATUS_VALUES", "ImportResult", "Progress",
    "RowRejected", "apply_row", "csv_records", "detect_encoding", "header_key", "import_customers", "map_headers",
    "parse_row", "rejects_path_for",
]
