"""Build hook: compiles the pure enrichment core to C with mypyc, when the machine can (pure Python otherwise).

Enrichment runs once per post on the hot path (`ioc_stream.enrich`); compiled, the same source runs
~1.5x faster (BENCHMARKS.md). Every other module stays interpreted. The extensions are optional:
without a C compiler or Python headers, or with IOC_NO_MYPYC=1, the package installs as plain Python
and behaves the same (tests/test_native.py checks both forms agree). ioc_stream/native.py falls back to
the sources at run time when they changed after the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup

#: The modules compiled: pure functions of a post's text, typed, no I/O at call time. (Not the package's
#: __init__: compiled, it would call the compiled modules natively even when native.py falls back.)
COMPILED = [
    "ioc_stream/construct.py",
    "ioc_stream/enrich/airports.py",
    "ioc_stream/enrich/carriers.py",
    "ioc_stream/enrich/wordlists.py",
    "ioc_stream/enrich/lang.py",
    "ioc_stream/enrich/addressee.py",
    "ioc_stream/enrich/cue_matcher.py",
    "ioc_stream/enrich/incident_features.py",
    "ioc_stream/enrich/words.py",
    "ioc_stream/enrich/report.py",
    "ioc_stream/enrich/incident.py",
    "ioc_stream/enrich/flights.py",
    "ioc_stream/enrich/stations.py",
]


def _extensions() -> list:
    if os.environ.get("IOC_NO_MYPYC") == "1":
        return []
    try:
        from mypyc.build import mypycify

        # The build environment lacks the run-time dependencies: their types are Any to mypyc.
        extensions = mypycify(
            ["--ignore-missing-imports", "--follow-imports=silent", *COMPILED],
            opt_level="3",
            group_name="ioc_stream_enrich",
        )
    except BaseException as exc:
        print(f"ioc-stream: not compiling the enrichment core ({exc}); installing pure Python", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # a compiler failure installs the pure-Python module instead
    # What was compiled, by content: ioc_stream/native.py imports a module from source once its .py differs.
    record = {path[:-3].replace("/", "."): hashlib.sha256(Path(path).read_bytes()).hexdigest() for path in COMPILED}
    Path("ioc_stream/compiled_from.json").write_text(json.dumps(record, indent=1) + "\n")
    return extensions


setup(ext_modules=_extensions())
