"""The layout is the data flow: the import contracts in pyproject.toml hold, and the pure core never reads a clock.

Stages import only the stages below them (cli > serve | connect > reports > kafka > pipeline > alerts >
correlate > desk > enrich | schedule > ingest > contracts > config > desk and report settings), and the
pure core (contracts, ingest, enrich, schedule, desk, correlate, alerts, pipeline, the pure reports)
imports no Kafka client, Faust, HTTP, metrics or `time`. Reading the wall clock through
`datetime` needs no import of its own, so that is checked on the syntax tree here.
"""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PURE_CORE = (
    *("models.py", "taxonomy.py", "schemas.py", "ingest", "enrich", "correlate", "alerts", "pipeline"),
    *("schedule", "desk", "desk_config.py", "report_config.py"),
    *("reports/scorecard.py", "reports/scorecard_html.py", "reports/pulse_message.py", "reports/formatting.py"),
    *("reports/pulse.py", "reports/archive.py"),
)
CLOCK_CALLS = {"now", "utcnow", "today"}


def test_import_contracts_hold() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def _clock_calls(path: Path) -> list[str]:
    """`datetime.now()`, `datetime.utcnow()`, `date.today()` (any spelling of the receiver) in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_CALLS:
            receiver = ast.unparse(node.func.value)
            if receiver.split(".")[-1] in ("datetime", "date"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {receiver}.{node.func.attr}()")
    return found


def test_the_pure_core_never_reads_the_clock() -> None:
    package = ROOT / "ioc_stream"
    modules = [
        p for name in PURE_CORE for p in ([package / name] if name.endswith(".py") else (package / name).rglob("*.py"))
    ]
    assert len(modules) > 40
    assert [call for path in modules for call in _clock_calls(path)] == []
