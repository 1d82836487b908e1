"""Storage: the SQLite store, the batch journal, queries, dedup and export."""
