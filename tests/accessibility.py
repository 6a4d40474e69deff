"""Accessibility by measurement: axe-core in the browser tests.

`assert_accessible(page)` runs axe-core on the page as it is and fails on any serious or
critical violation (GIGW 3.0 asks for WCAG 2.1 AA; axe's own rules and best practices are run
too). axe-core's script comes from the axe-playwright-python wheel (a dev dependency pinned in
constraints.txt), read from the installed package: nothing is downloaded when the tests run.
It is evaluated through the DevTools protocol, which the pages' Content-Security-Policy (no
inline script) does not govern, so the pages are measured as they are served.

    from tests.accessibility import assert_accessible
    page.goto(url)
    assert_accessible(page)
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

BLOCKING = ("serious", "critical")


@cache
def axe_source() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every violation axe-core finds on the page (each with its impact and the nodes)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']} — {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']!r}")
    return "\n".join(lines)


def assert_accessible(page: Any, *, what: str = "") -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING]
    where = what or page.url
    assert blocking == [], f"axe-core on {where}:\n{describe(blocking)}"
