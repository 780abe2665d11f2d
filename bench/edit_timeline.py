"""Where one edit's time goes: edit a routine's title in a generated project, rebuild,
and print the rebuild's time and, with ``--timeline``, when each Sphinx event handler
ran and for how long.

    .venv/bin/python bench/edit_timeline.py --size M --work /tmp/edits [--runs 3] [--timeline]

The first call generates the project (``bench/generate.py``, seed 1) under
``WORK/SIZE`` and builds it in full; later calls reuse both, so two versions of Lotsen
(for instance two worktrees, each with ``PYTHONPATH`` set to its ``src``) can be timed
in turns against the same project. Every run gives the routine a new title, the same
way ``make bench`` does, and rebuilds with the bench's command
(``sphinx-build -b html -q``, ``LOTSEN_TODAY=2030-12-31``).

With ``--timeline`` the rebuild runs through this file's ``--child`` mode: Sphinx in
this process, every event handler wrapped in a clock when it is connected. It prints
each handler that took at least ``--min-ms`` (wall time from the start of the process,
duration, and the CPU time of the main thread), the gaps between them, where Sphinx
itself reads, pickles and writes, and the ten handlers that took the most in all. The wrapping costs little, but compare timelines with
timelines, not with plain runs. ``--profile FILE`` adds cProfile's figures of the
rebuild to FILE (read them with ``python -m pstats FILE``); cProfile makes Python about
twice as slow, so compare the shares, not the seconds.

Nothing here passes or fails: it prints figures for a person to compare.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

STARTED = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.run import TODAY, Target, build_env, choose_routine, edited_title, retitle, run, say  # noqa: E402


def _timed_handlers(min_ms: float) -> None:
    """Wrap every handler Sphinx connects in a clock; print them when the process ends."""
    import atexit

    from sphinx.events import EventManager

    spans: list[tuple[float, float, float, str, str]] = []
    connect = EventManager.connect

    def timed_connect(self, name, callback, priority):  # noqa: ANN001
        label = f"{getattr(callback, '__module__', '?')}.{getattr(callback, '__qualname__', repr(callback))}"

        @functools.wraps(callback)  # keeps the name Lotsen looks for when it replaces a handler
        def clocked(*args, **kwargs):  # noqa: ANN002, ANN003
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return callback(*args, **kwargs)
            finally:
                spans.append((start - STARTED, time.perf_counter() - start, time.thread_time() - cpu, name, label))

        return connect(self, name, clocked, priority)

    EventManager.connect = timed_connect

    def report() -> None:
        end = time.perf_counter() - STARTED
        print(f"{'start':>7} {'wall':>7} {'cpu':>7}  event / handler", file=sys.stderr)
        last = 0.0
        for start, wall, cpu, event, label in sorted(spans):
            if start - last >= min_ms / 1000:
                print(f"{last:7.2f} {start - last:7.2f} {'':>7}  (between handlers)", file=sys.stderr)
            if wall >= min_ms / 1000:
                print(f"{start:7.2f} {wall:7.2f} {cpu:7.2f}  {event}: {label}", file=sys.stderr)
            last = max(last, start + wall)
        print(f"{last:7.2f} {end - last:7.2f} {'':>7}  (after the last handler)", file=sys.stderr)
        print(f"{'':>7} {end:7.2f} {time.process_time():7.2f}  whole process (cpu: all threads)", file=sys.stderr)
        totals: dict[tuple[str, str], list[float]] = {}
        for _start, wall, cpu, event, label in spans:
            total = totals.setdefault((event, label), [0.0, 0.0, 0])
            total[0] += wall
            total[1] += cpu
            total[2] += 1
        print(f"{'calls':>7} {'wall':>7} {'cpu':>7}  handlers by their time in all (the ten largest)", file=sys.stderr)
        for (event, label), (wall, cpu, calls) in sorted(totals.items(), key=lambda item: -item[1][0])[:10]:
            print(f"{calls:7d} {wall:7.2f} {cpu:7.2f}  {event}: {label}", file=sys.stderr)

    atexit.register(report)


def child(argv: list[str], min_ms: float, profile: Path | None) -> int:
    _timed_handlers(min_ms)
    from sphinx.cmd.build import main as sphinx_main

    if profile is None:
        return sphinx_main(argv)
    import cProfile

    with cProfile.Profile() as profiler:
        code = sphinx_main(argv)
    profiler.dump_stats(profile)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="M")
    parser.add_argument("--work", type=Path, default=Path("/tmp/lotsen-edits"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeline", action="store_true")
    parser.add_argument("--min-ms", type=float, default=20.0)
    parser.add_argument("--profile", type=Path, help="with --timeline: cProfile's figures of the last rebuild to this file")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        return child(args.child, args.min_ms, args.profile)

    from bench.generate import generate

    root = args.work.resolve() / args.size
    src, out, doctrees = root / "src", root / "out", root / "doctrees"
    sphinx_args = ["-b", "html", "-q", "-d", str(doctrees), str(src), str(out)]
    if not (root / "edits.json").is_file():  # written last: a project generated and built in full
        shutil.rmtree(root, ignore_errors=True)
        say(f"Genererar storlek {args.size} i {src}")
        generate(src, args.size, 1)
        full = run([sys.executable, "-m", "sphinx", "-E", "-a", *sphinx_args], env=build_env())
        if full.returncode:
            raise SystemExit(f"Bygget misslyckades:\n{full.stderr[-4000:]}")
        say(f"Helt bygge: {full.seconds:.2f} s (cpu {full.cpu_s:.2f} s)")
        chosen = choose_routine(src)  # before any edit: an edited title ends in digits and is not chosen
        (root / "edits.json").write_text(json.dumps({"target": asdict(chosen), "done": 0}), encoding="utf-8")
    record = json.loads((root / "edits.json").read_text(encoding="utf-8"))
    target = Target(**record["target"])
    seconds = []
    for _ in range(args.runs):
        record["done"] += 1
        number = record["done"]
        (root / "edits.json").write_text(json.dumps(record), encoding="utf-8")
        retitle(src, target, edited_title(target.title, number % 100))
        command = [sys.executable, "-m", "sphinx", *sphinx_args]
        if args.timeline:
            profile = ["--profile", str(args.profile.resolve())] if args.profile else []
            command = [sys.executable, __file__, "--min-ms", str(args.min_ms), *profile, "--child", *sphinx_args]
        result = run(command, env=build_env())
        if result.returncode:
            raise SystemExit(f"Ombygget misslyckades:\n{result.stderr[-4000:]}")
        if args.timeline:
            print(result.stderr, end="")
        seconds.append(result.seconds)
        say(f"Ändring {number}: {result.seconds:.2f} s (cpu {result.cpu_s:.2f} s, last {result.load:.2f}, "
            f"lotsen från {os.environ.get('PYTHONPATH') or 'den installerade'})")
    say(f"Median: {statistics.median(seconds):.2f} s av {len(seconds)}, LOTSEN_TODAY={TODAY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
