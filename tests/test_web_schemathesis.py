"""The API against its own OpenAPI document: schemathesis generates requests for every
operation (bounded examples, in-process over ASGI) and no response may be a server error
or break the documented schema."""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from newsgraph.errors import FetchRefused  # noqa: E402
from newsgraph.store.sqlite import Store  # noqa: E402
from newsgraph.web import create_app  # noqa: E402

EXAMPLES = 25
ARTICLE = ("Foreign Minister Anna Berg demanded on Monday that Norway release the detained fishermen. "
           "\"We will not accept delays,\" Berg said in Oslo. Sweden accused Norway of stalling the talks.")


def no_network(url, published=None, allow_private=False):
    """Tests never leave the machine: every URL is refused like a private address would be."""
    raise FetchRefused(f"network is off in tests: {url}", ref=url)


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    import newsgraph

    db = tmp_path_factory.mktemp("schemathesis") / "store.db"
    with Store(db) as store:
        store.write(newsgraph.analyze(ARTICLE, published="2025-07-07", ref="berg"))
    app = create_app(db, fetch=no_network)
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.mark.slow
def test_every_operation_survives_generated_requests(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/analyze", "/api/v1/documents", "/api/v1/documents/{doc_id}",
                                              "/api/v1/events", "/api/v1/actors", "/api/v1/quotes", "/api/v1/search"}
    calls: dict[str, int] = {}
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            calls[operation.label] = calls.get(operation.label, 0) + 1
            response = case.call_and_validate()
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"

        check()
    assert all(n >= 5 for n in calls.values()) and len(calls) == len(operations), calls
