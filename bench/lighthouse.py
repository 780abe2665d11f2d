"""Lighthouse (mobile preset) on page types of a built Lotsen site, in Debian's chromium.

Prints the performance, accessibility and best-practices scores per page; the budget is
100 for each. Lighthouse comes from the npm registry at a pinned version, installed
once into .venv/share/lotsen/lighthouse.

    .venv/bin/python bench/lighthouse.py _build/html [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

VERSION = "13.5.0"
HOME = Path(sys.prefix) / "share" / "lotsen" / "lighthouse"
PAGES = {
    "start": "index.html",
    "rutin": "routines/ht/rut-ht-002.html",
    "sök": "sok.html",
    "enhet": "enhet/ht.html",
    "process": "processes/proc-ht.html",
    "riskregister": "docs/kvalitet/riskregister.html",
}


def lighthouse() -> Path:
    binary = HOME / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        HOME.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(HOME),
                        f"lighthouse@{VERSION}"], check=True)
    return binary


def scores(site: Path) -> dict[str, dict[str, int]]:
    binary = lighthouse()
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    results: dict[str, dict[str, int]] = {}
    with serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        for name, page in PAGES.items():
            report = Path(tmp) / f"{len(results)}.json"
            subprocess.run([str(binary), base + page, "--quiet", "--output=json", f"--output-path={report}",
                            "--only-categories=performance,accessibility,best-practices",
                            f"--chrome-flags={flags}"],
                           check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
            data = json.loads(report.read_text(encoding="utf-8"))
            results[name] = {k: round(100 * v["score"]) for k, v in data["categories"].items()}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = scores(args.site)
    for name, categories in results.items():
        print(f"{name:14} " + "  ".join(f"{k} {v}" for k, v in categories.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
