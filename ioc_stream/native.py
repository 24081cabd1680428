"""Whether the enrichment core runs compiled (mypyc, see setup.py), and the fallback to its Python source.

An extension module beside its ``.py`` always wins the import, so in a working tree an edited source
would be silently ignored until the next build. The build records a hash of every source it compiled
(`BUILD_RECORD`); when a source no longer matches, or with IOC_PURE_PYTHON=1, the whole compiled group
is imported from source instead (mypyc modules call each other natively: it is all of them or none).
`MODE` says which form this process runs; `ioc-stream version` and the benchmarks print it.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

__all__ = ["BUILD_RECORD", "MODE", "compiled_modules", "source_hash"]

_PACKAGE = Path(__file__).resolve().parent
#: Written by setup.py when it compiles: {"module.name": "sha256 of its source", ...}.
BUILD_RECORD = _PACKAGE / "compiled_from.json"


def source_hash(path: Path) -> str:
    """The hash the build records for a source file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compiled_modules() -> dict[str, Path]:
    """Module name -> its source, for every module of the package that has a compiled extension beside it."""
    found = {}
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        for ext in _PACKAGE.rglob("*" + suffix):
            source = ext.with_name(ext.name[: -len(suffix)] + ".py")
            if source.exists():
                parts = source.relative_to(_PACKAGE.parent).with_suffix("").parts
                found[".".join(parts)] = source
    return found


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Imports the named modules from their ``.py`` although an extension stands beside it."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(self, name, path=None, target=None):
        source = self.sources.get(name)
        return None if source is None else importlib.util.spec_from_file_location(name, source)


def _choose() -> str:
    modules = compiled_modules()
    if not modules:
        return "interpreted (not compiled)"
    if os.environ.get("IOC_PURE_PYTHON") == "1":
        why = "IOC_PURE_PYTHON=1"
    else:
        try:
            record = json.loads(BUILD_RECORD.read_text())
        except (OSError, ValueError):
            record = {}
        drifted = sorted(name for name, source in modules.items() if record.get(name) != source_hash(source))
        if not drifted:
            return "compiled"
        why = f"{drifted[0]} changed since it was compiled; rebuild with `pip install -e .`"
        warnings.warn(f"ioc-stream: running the enrichment core from source: {why}", RuntimeWarning, stacklevel=2)
    sys.meta_path.insert(0, _SourceFirst(modules))
    return f"interpreted ({why})"


#: "compiled", or "interpreted (why)".
MODE = _choose()
