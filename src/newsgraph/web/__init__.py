"""Web UI and API: read an analysed article with its highlights; browse the store.

`create_app(db_path)` builds the FastAPI app; `newsgraph serve` runs it with uvicorn.
"""
from newsgraph.web.app import create_app

__all__ = ["create_app"]
