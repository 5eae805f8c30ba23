"""Schemathesis over the OpenAPI schema: generated requests never get a 5xx and answers match the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from search_api.web.app import create_app
from search_api.web.settings import ServerSettings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

pytestmark = pytest.mark.slow
EXAMPLES_PER_OPERATION = 50


def check_operation(operation: Any) -> int:
    """Send generated requests for one operation; returns how many were sent."""
    sent = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: Any) -> None:
        nonlocal sent
        response = case.call()
        sent += 1
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
        case.validate_response(response)

    run()
    return sent


def test_api_conforms_to_its_schema(sample_index: Path, sample_corpus: Path) -> None:
    """GIVEN generated requests for every operation of the OpenAPI schema WHEN sending them
    THEN none gets a 5xx, and every answer (status, content type, body) conforms to the schema."""
    app = create_app(ServerSettings(index=sample_index, corpus=sample_corpus))
    with TestClient(app):
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        sent = sum(check_operation(op) for op in operations)
    assert len(operations) >= 7
    assert sent >= len(operations) * 10
