"""What one exporter does during the load test: file reports and read them back through the API.

Locust loads this file by path (`manage.py loadtest` runs `locust -f` on it); it imports nothing
from Django. The command writes a plan (JSON, path in LOADTEST_PLAN): one API token per simulated
exporter, a pool of valid report payloads built from the reference data, and where to write what
the clients saw. Each exporter is one user of its own company, so the report list it reads must
hold exactly the reports it has filed.

Every POST carries an Idempotency-Key; an exporter's first filing and every `retry_every`-th
after it is sent a second time with the same key and body, as a client does after a lost response, and must be
answered with the first response (the same reference, `Idempotent-Replayed: true`).
The keys are written into the report titles so the command can tell, for every report row,
which request created it.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, events, task

# The request names in locust's figures (one row each in the results table).
FILE = "POST /api/v1/reports/ (file)"
RETRY = "POST /api/v1/reports/ (retry, same key)"
LIST = "GET /api/v1/reports/"
DETAIL = "GET /api/v1/reports/{reference}/"
TIMELINE = "GET /api/v1/reports/{reference}/timeline/"
MESSAGE = "POST /api/v1/reports/{reference}/messages/"

_plan: dict[str, Any] | None = None
_numbers = itertools.count()
# What the clients saw, written to plan["record"] when the run stops.
RECORD: dict[str, Any] = {
    "attempted": [],  # every Idempotency-Key sent for a filing
    "filed": {},  # key -> reference, for every 201
    "retries": 0,  # deliberate retries sent
    "replayed": 0,  # retries answered with the first response
    "messages": [],  # ids of the messages the API created (201)
    "list_mismatches": 0,  # lists that disagreed with the exporter's own filings
    # Per request name: every response time (ms) and every failure, from the first request to
    # the last one a user finished; the command computes the figures from these.
    "requests": {},
    "failed": {},  # name -> failed requests
    "errors": {},  # "name: error" -> occurrences
    "exceptions": {},  # exceptions raised inside a task -> occurrences
    "first": None,  # time.time() when the first request started
    "last": None,  # time.time() when the last one ended
}


def plan() -> dict[str, Any]:
    global _plan
    if _plan is None:
        path = os.environ.get("LOADTEST_PLAN")
        if not path:
            raise RuntimeError(
                "LOADTEST_PLAN is not set: run the load test with manage.py loadtest"
            )
        _plan = json.loads(Path(path).read_text())
    return _plan


def _json(response: Any) -> Any:
    """The response's JSON body, or None with the request marked failed.

    An exception inside locust's `catch_response` block would drop the request from the figures
    altogether; an unreadable body is an error like any other.
    """
    try:
        body = response.json()
        if isinstance(body, dict):
            return body
    except ValueError:
        pass
    response.failure(f"not a JSON object: {response.text[:300]}")
    return None


@events.request.add_listener
def _count_request(
    name: str, response_time: float, exception: Exception | None, start_time: float, **_: Any
) -> None:
    RECORD["requests"].setdefault(name, []).append(response_time)
    if exception is not None:
        RECORD["failed"][name] = RECORD["failed"].get(name, 0) + 1
        error = f"{name}: {exception}"[:500]
        RECORD["errors"][error] = RECORD["errors"].get(error, 0) + 1
    if RECORD["first"] is None or start_time < RECORD["first"]:
        RECORD["first"] = start_time
    RECORD["last"] = max(RECORD["last"] or 0.0, time.time())


@events.user_error.add_listener
def _count_exception(exception: Exception, **_: Any) -> None:
    error = f"{type(exception).__name__}: {exception}"[:500]
    RECORD["exceptions"][error] = RECORD["exceptions"].get(error, 0) + 1


# Written when the run stops and again when locust quits, after the users under way finished.
@events.test_stop.add_listener
@events.quitting.add_listener
def _write_record(**_kwargs: Any) -> None:
    Path(plan()["record"]).write_text(json.dumps(RECORD))


class Exporter(FastHttpUser):
    """One exporter of one company, with its API token."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        settings = plan()
        self.number = next(_numbers)
        tokens = settings["tokens"]
        self.auth = {"Authorization": f"Token {tokens[self.number % len(tokens)]}"}
        self.random = random.Random(settings["seed"] * 1000 + self.number)
        self.payloads = settings["payloads"]
        self.retry_every = settings["retry_every"]
        self.references: list[str] = []
        self.filings = 0

    def _post(self, path: str, body: dict[str, Any], *, key: str, name: str) -> Any:
        return self.client.post(
            path,
            json=body,
            headers={**self.auth, "Idempotency-Key": key},
            name=name,
            catch_response=True,
        )

    @task(3)
    def file_report(self) -> None:
        self.filings += 1
        key = f"lt-{self.number}-{self.filings}-{uuid.uuid4().hex[:8]}"
        payload = dict(self.random.choice(self.payloads))
        payload["title"] = f"[{key}] {payload['title']}"[:200]
        RECORD["attempted"].append(key)
        with self._post("/api/v1/reports/", payload, key=key, name=FILE) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:300]}")
                return
            body = _json(response)
            if body is None or "reference" not in body:
                if body is not None:
                    response.failure(f"no reference: {response.text[:300]}")
                return
            reference = body["reference"]
            RECORD["filed"][key] = reference
            self.references.append(reference)
            response.success()
        if self.filings % self.retry_every != 1 % self.retry_every:
            return
        RECORD["retries"] += 1
        with self._post("/api/v1/reports/", payload, key=key, name=RETRY) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:300]}")
            elif response.headers.get("Idempotent-Replayed") != "true":
                response.failure("a retry with the same key was not answered as a replay")
            elif (body := _json(response)) is None:
                return
            elif body.get("reference") != reference:
                response.failure(f"a retry answered {body.get('reference')}, not {reference}")
            else:
                RECORD["replayed"] += 1
                response.success()

    def _reference(self) -> str | None:
        if not self.references:
            self.file_report()
        return self.random.choice(self.references) if self.references else None

    @task(4)
    def list_reports(self) -> None:
        with self.client.get(
            "/api/v1/reports/", headers=self.auth, name=LIST, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:300]}")
                return
            body = _json(response)
            if body is None:
                return
            listed = [item["reference"] for item in body["results"]]
            mine = set(self.references)
            problem = ""
            if not set(listed) <= mine:
                problem = "the list holds reports this exporter did not file"
            elif self.references and self.references[-1] not in listed:
                problem = "the exporter's newest report is not on the first page"
            elif not body.get("next") and len(listed) != len(mine):
                problem = f"the list holds {len(listed)} reports, {len(mine)} filed"
            if problem:
                RECORD["list_mismatches"] += 1
                response.failure(problem)
            else:
                response.success()

    @task(3)
    def read_report(self) -> None:
        reference = self._reference()
        if reference is None:
            return
        with self.client.get(
            f"/api/v1/reports/{reference}/", headers=self.auth, name=DETAIL, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:300]}")
            elif (body := _json(response)) is None:
                return
            elif body.get("reference") != reference:
                response.failure("another report came back")
            else:
                response.success()

    @task(2)
    def read_timeline(self) -> None:
        reference = self._reference()
        if reference is None:
            return
        with self.client.get(
            f"/api/v1/reports/{reference}/timeline/",
            headers=self.auth,
            name=TIMELINE,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:300]}")
            else:
                response.success()

    @task(1)
    def post_message(self) -> None:
        reference = self._reference()
        if reference is None:
            return
        body = {"body": "The consignment is still at the border; any news from the regulator?"}
        with self._post(
            f"/api/v1/reports/{reference}/messages/",
            body,
            key=f"lt-msg-{uuid.uuid4().hex}",
            name=MESSAGE,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:300]}")
                return
            body = _json(response)
            if body is None:
                return
            if "id" not in body:
                response.failure(f"no id: {response.text[:300]}")
                return
            RECORD["messages"].append(body["id"])
            response.success()
