"""The database goes away under load: requests fail cleanly (503 + Retry-After, nothing half
saved) and the same server process recovers once it is back.

The shared PostgreSQL is never restarted: a small TCP proxy of the test's own sits between a
gunicorn process and 127.0.0.1:5432, and "restarting the database" is cutting the proxy (every
open connection closed, new ones refused) and opening it again on the same port.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from barriers.models import Report, StatusChange
from tests import factories
from tests.api_factories import report_payload
from tests.conftest import ROOT, wait_for
from tests.portal_helpers import report_form_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CuttableProxy:
    """A TCP proxy to PostgreSQL that can be cut (like a database going down) and restored."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = _free_port()
        self.listener: socket.socket | None = None
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed: cut
            if self.listener is not listener:  # accepted while being cut: refuse it
                client.close()
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        """Refuse new connections and drop every open one, as a database restart does."""
        if self.listener is not None:
            listener, self.listener = self.listener, None
            # shutdown() wakes the thread blocked in accept(); close() alone leaves that call
            # able to accept one more connection, which would slip through the cut.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self.lock:
            open_sockets = list(self.sockets)
        for sock in open_sockets:
            self._close(sock)


@pytest.fixture
def proxy() -> Iterator[CuttableProxy]:
    db = connection.settings_dict
    proxy = CuttableProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.open()
    yield proxy
    proxy.cut()


@pytest.fixture
def server(proxy: CuttableProxy, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """gunicorn serving the app, its database reached through the proxy."""
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
        # Persistent connections: the case where a dead connection must be noticed and replaced.
        "DATABASE_CONN_MAX_AGE": "600",
        "EMAIL_BACKEND": "locmem",
        "CELERY_BROKER_URL": "",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "AXES_ENABLED": "false",
        "API_THROTTLE_USER": "100000/min",
    }
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            gunicorn,
            "tracker.wsgi:application",
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"),
            *("--timeout", "60", "--graceful-timeout", "5"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _get(base + "/healthz")[0] in {200, 503}, timeout=30), (
            tmp_path / "gunicorn.log"
        ).read_text()
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


Response = tuple[int, dict[str, str], str]


def _request(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> Response:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
    except OSError:
        return 0, {}, ""


def _get(url: str, headers: dict[str, str] | None = None) -> Response:
    return _request(url, headers=headers)


def test_database_cut_under_load_gives_503_saves_nothing_half_and_recovers(
    server: tuple[str, subprocess.Popen[bytes]], proxy: CuttableProxy
) -> None:
    base, proc = server
    exporter = factories.ExporterFactory()
    payload = report_payload()
    token = Token.objects.create(user=exporter).key
    api = {"Authorization": f"Token {token}", "Accept": "application/json"}
    portal_client = Client()
    portal_client.force_login(exporter)
    portal = {"Cookie": f"sessionid={portal_client.cookies['sessionid'].value}"}

    def file_report(title: str) -> Response:
        body = json.dumps({**payload, "title": title}).encode()
        return _request(
            f"{base}/api/v1/reports/",
            data=body,
            headers={**api, "Content-Type": "application/json"},
        )

    # Before: everything works. The portal's filing form gives its CSRF token and cookie.
    assert _get(f"{base}/api/v1/reports/", api)[0] == 200
    status, headers, form = _get(f"{base}/reports/new/", portal)
    assert status == 200
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"])[1]  # type: ignore[index]
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]  # type: ignore[index]
    portal_form = {
        **portal,
        "Cookie": f"{portal['Cookie']}; csrftoken={csrf_cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"{base}/reports/new/",
    }
    filing = urllib.parse.urlencode(
        {
            **report_form_data(title="Portal filing during the cut"),
            "csrfmiddlewaretoken": csrf_field,
        }
    ).encode()
    assert file_report("Before the cut")[0] == 201

    # Load: four clients filing reports without pause, across the cut and the recovery.
    results: list[tuple[str, Response]] = []
    stop = threading.Event()

    def keep_filing(n: int) -> None:
        i = 0
        while not stop.is_set():
            title = f"Load {n}-{i}"
            results.append((title, file_report(title)))
            i += 1

    clients = [threading.Thread(target=keep_filing, args=(n,), daemon=True) for n in range(4)]
    for client in clients:
        client.start()
    time.sleep(1.5)

    # However the checks below end, the clients stop: a failed assertion must not leave them
    # filing forever (pytest would never exit).
    try:
        proxy.cut()
        time.sleep(1.0)
        status, headers, body = _get(f"{base}/api/v1/reports/", api)
        assert status == 503, body
        assert headers["Retry-After"].isdigit()
        assert headers["Content-Type"] == "application/json"
        assert "database cannot be reached" in json.loads(body)["detail"]
        status, headers, body = file_report("During the cut")
        assert status == 503 and headers["Retry-After"].isdigit()
        assert "Nothing was saved" in json.loads(body)["detail"]
        status, headers, body = _get(f"{base}/reports/", portal)
        assert status == 503 and headers["Retry-After"].isdigit()
        assert headers["Content-Type"].startswith("text/html")
        assert "Temporarily unavailable" in body and "try again" in body
        status, headers, body = _request(f"{base}/reports/new/", data=filing, headers=portal_form)
        assert status == 503 and headers["Retry-After"].isdigit(), body
        assert "Nothing was saved" in body and headers["Content-Type"].startswith("text/html")
        status, headers, body = _get(f"{base}/admin/", portal)
        assert status == 503 and headers["Retry-After"].isdigit()
        assert "Temporarily unavailable" in body
        time.sleep(1.0)

        proxy.open()
        cut_over = time.monotonic()
        assert wait_for(lambda: _get(f"{base}/api/v1/reports/", api)[0] == 200, timeout=10)
        recovered_in = time.monotonic() - cut_over
        time.sleep(1.5)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=60)

    # After: the same server process serves reads and writes again.
    assert proc.poll() is None
    assert _get(f"{base}/reports/", portal)[0] == 200
    status, _, body = file_report("After the cut")
    assert status == 201, body

    statuses = [response[0] for _, response in results]
    print(
        f"load: {len(statuses)} filings, {statuses.count(201)} 201, {statuses.count(503)} 503, "
        f"recovered {recovered_in:.2f} s after the database came back"
    )
    assert set(statuses) <= {201, 503}, statuses
    assert statuses.count(503) > 0 and statuses.count(201) > 0
    assert all(
        response[1]["Retry-After"].isdigit() for _, response in results if response[0] == 503
    )
    created = {title for title, response in results if response[0] == 201}
    saved = set(Report.objects.filter(title__startswith="Load ").values_list("title", flat=True))
    # Every 201 is stored. A 503 may hide a commit only if the connection died after COMMIT
    # (the answer was lost, not the data); whatever was stored is whole.
    assert created <= saved
    titles = set(Report.objects.values_list("title", flat=True))
    assert "During the cut" not in titles and "Portal filing during the cut" not in titles
    for report in Report.objects.all():
        assert report.hs_codes.count() == 1, report.title
        assert StatusChange.objects.filter(report=report, to_status="submitted").count() == 1
