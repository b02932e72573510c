"""Schemathesis against the API's own OpenAPI document (in process, SQLite): no server error, no response
that breaks the document. Bounded examples per operation to keep CI short."""

import pytest
import schemathesis
from conftest import DATA_DIR, TODAY, new_database_url, seeded_template
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hrcities import api

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    url, drop = new_database_url(
        "sqlite", tmp_path_factory.mktemp("fuzz"), seeded_template("sqlite", tmp_path_factory, DATA_DIR)
    )
    yield api.create_app(api.PublicData(url, DATA_DIR, today=lambda: TODAY), rate="100000/minute")
    drop()


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@schema.parametrize()
@settings(max_examples=8, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    case.call_and_validate(checks=CHECKS)
