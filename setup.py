"""The wheel carries the sample ledningssystem (for `lotsen init --exempel`, and the
parts a new organisation starts from) in ``lotsen/exempel``; everything else is in
pyproject.toml."""

import ast
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _sample() -> tuple[str, ...]:
    """The sample as `lotsen init` copies it: the list in src/lotsen/source/sample.py,
    read without importing Lotsen (one list for the wheel and for init)."""
    tree = ast.parse((ROOT / "src" / "lotsen" / "source" / "sample.py").read_text(encoding="utf-8"))
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(target, ast.Name) and target.id == "SAMPLE":
            return tuple(ast.literal_eval(node.value))
    raise RuntimeError("SAMPLE is missing from src/lotsen/source/sample.py")


SAMPLE = _sample()


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
