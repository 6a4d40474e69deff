"""A real Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright.

`chromium_page()` opens one page and, on the way out, closes the browser and the database
connections Playwright's event loop made the ORM open (PostgreSQL refuses to drop the test
database while they live). The `browser_page` fixture in conftest.py is the usual way in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

CHROMIUM = "/usr/bin/chromium"
# The arguments seen working on this kind of machine (no sandbox in the container, no GPU, no
# calls home).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in the test's thread; the test still calls the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextmanager
def chromium_page(
    *, width: int = 1280, height: int = 900, javascript: bool = True, console: bool = False
) -> Iterator[Any]:
    """A fresh page. Page errors fail the test afterwards; with `console`, the page records
    every console message and page error in `page.console_log` and leaves judging them to the
    test."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, java_script_enabled=javascript
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            if console:
                page.console_log = []
                page.on("console", lambda message: page.console_log.append(message.text))
                page.on("pageerror", lambda error: page.console_log.append(f"pageerror: {error}"))
            else:
                page.on("pageerror", lambda error: errors.append(str(error)))
            yield page
        finally:
            browser.close()
            connections.close_all()
    assert errors == [], f"JavaScript errors: {errors}"
