"""The wheel is whole: built from the project, installed in a fresh virtual environment,
it builds the sample with the theme, its styles and the process maps' script."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from conftest import REPO, SAMPLE_IGNORE, copy_sample, run_env


def test_the_wheel_builds_the_sample_with_the_theme(tmp_path: Path) -> None:
    # built from a copy of the project, so that setuptools' build folder is not left in
    # the checkout (nor written while another test copies the checkout)
    project = tmp_path / "lotsen"
    shutil.copytree(REPO, project, ignore=SAMPLE_IGNORE)
    wheels = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(wheels), str(project)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    [wheel] = wheels.glob("lotsen-*.whl")

    # A fresh environment: Lotsen only from the wheel. Its dependencies are the pinned
    # ones of the test environment, reached through a path entry (not as a site
    # directory, so the editable install there is not taken up).
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site_packages = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        capture_output=True, text=True, check=True).stdout.strip())
    (site_packages / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                                str(site_packages), str(wheel)], capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stderr
    where = subprocess.run([str(python), "-c", "import lotsen; print(lotsen.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(site_packages), where

    src = copy_sample(tmp_path / "src")
    result = subprocess.run([str(python), "-m", "sphinx", "-b", "html", "-W", "--keep-going", "--no-color",
                             str(src), str(src / "_build" / "html")],
                            capture_output=True, text=True, env=run_env(), check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = src / "_build" / "html"
    assert (out / "_static" / "lotsen.css").is_file()
    assert (out / "_static" / "lotsen.js").is_file()
    assert (out / "_static" / "mermaid" / "mermaid.esm.min.mjs").is_file()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "_static/lotsen.css" in page and 'lang="sv"' in page
