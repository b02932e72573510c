"""Schemathesis against the API's own OpenAPI document (in process, SQLite): no server error, no response
that breaks the document. Bounded examples per operation to keep CI short."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hrcities import api
from hrcities.source import CampaignSource

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def stores(request):
    """tests/store/conftest.py, as pytest loaded it (`from conftest import` may name another folder's:
    see test_api_routes.py)."""
    here = Path(__file__).with_name("conftest.py").resolve()
    return next(
        plugin
        for plugin in request.config.pluginmanager.get_plugins()
        if getattr(plugin, "__file__", None) and Path(plugin.__file__).resolve() == here
    )


@pytest.fixture(scope="module")
def app(stores, tmp_path_factory):
    url, drop = stores.new_database_url(
        "sqlite",
        tmp_path_factory.mktemp("fuzz"),
        stores.seeded_template("sqlite", tmp_path_factory, stores.DATA_DIR),
    )
    source = CampaignSource(url, stores.DATA_DIR, today=lambda: stores.TODAY)
    yield api.create_app(source, rate="100000/minute")
    source.store().dispose()
    drop()


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@schema.parametrize()
@settings(max_examples=8, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    case.call_and_validate(checks=CHECKS)
