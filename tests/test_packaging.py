"""What ships: the package built from pyproject.toml holds the product and none of the tooling.

The demo data, the data generator, the benchmarks, the load test and the API fuzzer live in
devtools/, which the development and test settings install; the wheel leaves it out, and no
module of the product imports it.

The files are those setuptools' `build_py` lays out for the wheel (bdist_wheel packs that
directory and adds its metadata): building the wheel itself needs the `wheel` package or a newer
setuptools than a plain virtualenv has, and this way takes about two seconds, offline.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEV_COMMANDS = ["bench", "bench_exports", "fuzz_api", "generate_data", "loadtest", "seed_demo"]
PRODUCT_COMMANDS = ["draft_agenda", "export_agenda", "import_reports"]


def built_files(tmp_path: Path) -> set[str]:
    lib = tmp_path / "lib"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from setuptools import setup; setup()",
            "-q",
            "egg_info",
            f"--egg-base={tmp_path}",
            "build_py",
            f"--build-lib={lib}",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return {path.relative_to(lib).as_posix() for path in lib.rglob("*") if path.is_file()}


def test_the_package_holds_the_product_and_no_development_tools(tmp_path: Path) -> None:
    files = built_files(tmp_path)

    assert {name.split("/")[0] for name in files} == {"barriers", "tracker"}
    assert {"barriers/apps.py", "barriers/portal/urls.py", "tracker/settings.py"} <= files
    # Templates and translations travel with the code.
    assert any(name.startswith("barriers/templates/") for name in files)
    for command in PRODUCT_COMMANDS:
        assert f"barriers/management/commands/{command}.py" in files
    for command in DEV_COMMANDS:
        assert not any(name.endswith(f"/commands/{command}.py") for name in files), command
    modules = {Path(name).stem for name in files if name.endswith(".py")}
    assert not modules & {"benchmarks", "bench", "sample", "harness", "locustfile", "seeds"}
    assert not [
        name for name in files if any(part in name for part in ("devtools", "/demo/", "/loadtest/"))
    ]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_product_never_imports_the_development_tools() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("barriers", "tracker")
        for path in sorted((ROOT / package).rglob("*.py"))
        if any(
            name == "devtools" or name.startswith("devtools.") for name in imported_modules(path)
        )
    ]
    assert offenders == []
