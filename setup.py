"""The wheel carries the sample ledningssystem (for `lotsen init --exempel`, and the
parts a new organisation starts from) in ``lotsen/exempel``; everything else is in
pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: The sample as `lotsen init` needs it: src/lotsen/source/sample.py reads the same list.
SAMPLE = ("lotsen.yaml", "conf.py", "index.md", "sok.md", "requirements.txt", "docs", "processes", "routines",
          "risks", "controls", "requirements", "actions", "results", "reviews", "goals", "statistik",
          "indikatorer", "needs_templates", ".github/CODEOWNERS")


class BuildWithSample(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "lotsen" / "exempel"
        for name in SAMPLE:
            source = ROOT / name
            files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
            for path in files:
                out = target / path.relative_to(ROOT)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(path.read_bytes())


setup(cmdclass={"build_py": BuildWithSample})
