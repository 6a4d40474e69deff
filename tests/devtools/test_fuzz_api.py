"""`manage.py fuzz_api`'s authentication sweep, against a live server.

The full fuzzing run (Schemathesis, gunicorn, a fresh database) is a CI step of its own
(.ci/run); here the sweep it starts with is checked to pass on the real schema and to catch an
operation that answers without credentials, and the schema is checked to document what fuzzing
showed about empty query values.
"""

from __future__ import annotations

import copy
import io
import json

import pytest

from devtools.management.commands.fuzz_api import Command, fill_path, http
from tests import factories
from tests.api_factories import client_for

live = pytest.mark.django_db(transaction=True)


@pytest.fixture
def schema(live_server) -> dict:
    status, body = http("GET", f"{live_server.url}/api/v1/schema/?format=json")
    assert status == 200
    return json.loads(body)


def sweep(base: str, schema: dict):
    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    return command.auth_sweep(base, schema), command.stdout.getvalue()


@live
def test_every_operation_but_the_token_one_refuses_requests_without_valid_credentials(
    live_server, schema
) -> None:
    result, output = sweep(live_server.url, schema)

    assert result.failures == []
    assert result.public == ["POST /api/v1/auth/token/"]
    assert result.operations >= 20
    assert f"{result.operations} operations, 1 public" in output


@live
def test_an_operation_that_answers_without_credentials_is_reported(live_server, schema) -> None:
    # Claim the (public) token endpoint needs a token: it answers 400 to an empty body, not 401.
    claimed = copy.deepcopy(schema)
    claimed["paths"]["/api/v1/auth/token/"]["post"]["security"] = [{"tokenAuth": []}]

    result, _output = sweep(live_server.url, claimed)

    assert result.public == []
    assert result.failures == [
        "POST /api/v1/auth/token/ with no credentials answered 400, not 401",
        "POST /api/v1/auth/token/ with a made-up token answered 400, not 401",
    ]


def test_path_parameters_are_filled_by_type() -> None:
    parameters = [
        {"in": "path", "name": "reference", "schema": {"type": "string"}},
        {"in": "path", "name": "document_id", "schema": {"type": "integer"}},
        {"in": "path", "name": "export_format", "schema": {"enum": ["pdf", "csv"]}},
        {"in": "query", "name": "page", "schema": {"type": "integer"}},
    ]
    path = "/r/{reference}/d/{document_id}/{export_format}/"

    assert fill_path(path, parameters) == "/r/x/d/1/pdf/"


@pytest.mark.django_db
def test_empty_filter_values_are_documented_as_not_given_and_read_that_way(exporter) -> None:
    factories.report_file(actor=exporter)
    client = client_for(exporter)
    schema = client.get("/api/v1/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/reports/"]["get"]["parameters"]}

    assert parameters["status"]["allowEmptyValue"] is True
    assert parameters["search"]["allowEmptyValue"] is True
    assert "allowEmptyValue" not in parameters["page_size"]
    listed = client.get("/api/v1/reports/?status=&search=&barrier_kind=")
    assert listed.status_code == 200
    assert len(listed.json()["results"]) == 1
    refused = client.get("/api/v1/reports/?page_size=")
    assert refused.status_code == 400
    assert "page_size" in refused.json()


@live
def test_the_fuzzer_gets_the_officials_token_with_the_second_factor(live_server, settings) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.management.base import CommandError

    from tests.portal_helpers import PASSWORD

    settings.OFFICIALS_REQUIRE_MFA = True
    official = factories.OfficialFactory()
    secret = generate_totp_secret()
    TOTP.activate(official, secret)
    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    command.env = {"DEMO_PASSWORD": PASSWORD, "DEMO_TOTP_SECRET": secret}

    with pytest.raises(CommandError, match="401"):
        command.get_token(live_server.url, official.email)
    token = command.get_token(live_server.url, official.email, second_factor=True)

    status, _body = http(
        "GET", f"{live_server.url}/api/v1/reports/", headers={"Authorization": f"Token {token}"}
    )
    assert status == 200
