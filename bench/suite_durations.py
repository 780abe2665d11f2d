"""Where the test suite's time goes, from a JUnit XML file of `make test`:

    make test PYTEST_ARGS="-n 2 --dist loadfile --junitxml=/tmp/suite.xml"
    .venv/bin/python bench/suite_durations.py /tmp/suite.xml [--top 40]

Prints each test file's seconds (setup, call and teardown of its tests, as pytest
records them; a fixture made once for a file or a session counts for the test that
first asked for it), the slowest tests, and the files in the order for
``LONGEST_FIRST`` in tests/conftest.py. The seconds are the clock's: on a loaded
machine, compare shares, not totals.
"""

from __future__ import annotations

import argparse
import collections
import xml.etree.ElementTree as ET
from pathlib import Path


def durations(path: Path) -> list[tuple[str, str, float]]:
    """(file, test, seconds) of every test case in a JUnit XML file."""
    found = []
    for case in ET.parse(path).iter("testcase"):
        module = case.get("classname", "").split(".")
        file = next((f"{part}.py" for part in module if part.startswith("test_")), module[0])
        found.append((file, case.get("name", ""), float(case.get("time", "0") or 0)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", type=Path)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    cases = durations(args.xml)
    per_file: collections.Counter[str] = collections.Counter()
    tests: collections.Counter[str] = collections.Counter()
    for file, _, seconds in cases:
        per_file[file] += seconds
        tests[file] += 1
    total = sum(per_file.values())
    print(f"{len(cases)} tests, {total:.0f} s in all")
    for file, seconds in per_file.most_common(args.top):
        print(f"{seconds:9.1f} s {100 * seconds / total:5.1f} %  {tests[file]:4d} tests  {file}")
    print("\nslowest tests:")
    for file, name, seconds in sorted(cases, key=lambda c: -c[2])[:args.top]:
        print(f"{seconds:9.1f} s  {file}::{name}")
    print("\nLONGEST_FIRST = (")
    for file, _ in per_file.most_common(args.top):
        print(f'    "{file}",')
    print(")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
