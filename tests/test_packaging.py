"""The wheel works anywhere: built from the checkout, installed in a fresh venv, run elsewhere.

How it is set up (offline, no registry):
- Build: the repository (without tests, .git, .venv and build leftovers) is copied to a temporary
  folder and `pip wheel --no-deps --no-build-isolation` builds it there, with the setuptools of
  the dev extra; building in a copy keeps build/ and *.egg-info out of the checkout (a stale
  build/lib would otherwise ship files deleted since).
- Install: `python -m venv --without-pip` makes an empty venv, and the dev environment's pip
  installs the wheel into it (`pip --python VENV/bin/python install --no-deps`), so that venv holds
  only credscope.
- Dependencies, not the checkout: `venv --system-site-packages` would expose the *base*
  interpreter's site-packages, not the dev venv's, so instead a `.pth` file in the test venv lists
  the dev environment's site-packages folders as plain paths. Python appends them to sys.path after
  the venv's own site-packages but does not process the `.pth` files inside them, so the editable
  install's `__editable__.credscope-*.pth` (which puts the checkout on sys.path) stays inert and
  spaCy, Scrapy, DuckDB, Typer... are importable. The commands run from a temporary folder, without
  PYTHONPATH or CREDSCOPE_DATA_DIR, and the test checks that `analyzer` comes from the venv.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
NOT_BUILT = shutil.ignore_patterns(
    ".git", ".venv", "tests", "bench", "build", "dist", "out", "*.egg-info", "__pycache__",
    ".*_cache", ".scrapy", "*.duckdb", "*.duckdb.wal",
)  # fmt: skip
SCRUBBED = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "CREDSCOPE_DATA_DIR", "VIRTUAL_ENV")
POSTING = (
    "Project Manager\n\nRequirements:\n"
    "- Bachelor's degree in Business or equivalent experience.\n"
    "- PMP certification required.\n"
)
NEW_ALIAS = "Orbital Delivery Professional"
ALIAS_POSTING = f"Delivery Lead\n\nRequirements:\n- {NEW_ALIAS} certification required.\n"
TIMEOUT = 300


@dataclass(frozen=True)
class Venv:
    """A venv holding only the credscope wheel, seeing the dev environment's dependencies."""

    python: Path
    scripts: Path
    site_packages: Path
    workdir: Path

    def run(self, *args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run a command from the venv's scripts (or its python) in a folder outside the repo."""
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
        if data_dir is not None:
            env["CREDSCOPE_DATA_DIR"] = str(data_dir)
        command = [str(self.scripts / args[0]) if args[0] != "python" else str(self.python)]
        return subprocess.run(
            [*command, *args[1:]],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )


def _check(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the checkout, offline."""
    root = tmp_path_factory.mktemp("wheel")
    source, dist = root / "src", root / "dist"
    shutil.copytree(REPO, source, ignore=NOT_BUILT)
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    build += ["--check-build-dependencies", "--quiet", "-w", str(dist), str(source)]
    _check(subprocess.run(build, capture_output=True, text=True, timeout=TIMEOUT))
    (built,) = dist.glob("credscope-*.whl")
    return built


def _dev_site_dirs() -> list[str]:
    """The site-packages folders of the environment running the tests."""
    dirs = site.getsitepackages()
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    return [d for d in dirs if Path(d).is_dir()]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Venv:
    """A fresh venv with the wheel installed and the dev dependencies (not the checkout) visible."""
    root = tmp_path_factory.mktemp("venv")
    _check(subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")]))
    python = root / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"]
    _check(subprocess.run([*install, "--no-index", "--quiet", str(wheel)], timeout=TIMEOUT))
    where = "import json, sysconfig; print(json.dumps(sysconfig.get_paths()))"
    paths = json.loads(
        _check(subprocess.run([python, "-c", where], capture_output=True, text=True))
    )
    site_packages = Path(paths["purelib"])
    (site_packages / "_credscope_dev_env.pth").write_text("\n".join(_dev_site_dirs()) + "\n")
    workdir = root / "elsewhere"
    workdir.mkdir()
    return Venv(python, Path(paths["scripts"]), site_packages, workdir)


def test_wheel_ships_code_data_package_and_report_assets(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.removeprefix("credscope_data/") for n in names if n.startswith("credscope_data/")}
    in_repo = {
        p.relative_to(REPO / "data").as_posix()
        for p in (REPO / "data").rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and (p.suffix != ".py" or p.stem == "__init__")
    }
    assert shipped == in_repo
    assert {
        "taxonomy/degrees.yaml",
        "models/decider/meta.json",
        "samples/employers.yaml",
    } <= shipped
    assets = {
        p.relative_to(REPO).as_posix()
        for pattern in ("*.yaml", "*.css")
        for p in (REPO / "pipelines").rglob(pattern)
    }
    assert {Path(a).name for a in assets} >= {"labels.yaml", "report.css"}
    assert assets <= names
    assert {n.split("/")[0] for n in names} == {
        "analyzer", "crawler", "pipelines", "credscope_data", f"credscope-{VERSION}.dist-info"
    }  # fmt: skip


def test_installed_wheel_is_imported_not_the_checkout(venv: Venv):
    probe = (
        "import json, sys, analyzer.paths, analyzer.vocab; spacy = 'spacy' in sys.modules;"
        "import pipelines.reports.vocab as vocab;"
        "print(json.dumps({'analyzer': analyzer.__file__, 'data': str(analyzer.paths.data_dir()),"
        "'labels': str(vocab.LABELS_FILE), 'path': sys.path, 'spacy': spacy}))"
    )
    found = json.loads(_check(venv.run("python", "-c", probe)))
    assert Path(found["analyzer"]).is_relative_to(venv.site_packages)
    assert Path(found["data"]) == venv.site_packages / "credscope_data"
    assert Path(found["labels"]).is_relative_to(venv.site_packages)
    assert str(REPO) not in found["path"] and str(REPO.resolve()) not in found["path"]
    assert found["spacy"] is False  # importing analyzer.paths or analyzer.vocab stays cheap


def test_installed_credscope_analyzes_a_posting(venv: Venv):
    (venv.workdir / "posting.txt").write_text(POSTING, encoding="utf-8")
    analysis = json.loads(
        _check(venv.run("credscope", "analyze", "posting.txt", "--format", "json"))
    )
    found = {(m["text"], m["type"], m["credential_id"]) for m in analysis["mentions"]}
    assert ("Bachelor's degree", "degree", "degree.bachelor") in found
    assert ("PMP certification", "certification", "cert.pmi.pmp") in found
    assert analysis["min_degree_required"] == "bachelor" and analysis["equivalency"] is True


def test_installed_credscope_validates_its_taxonomy_and_knows_its_version(venv: Venv):
    assert "credentials valid" in _check(venv.run("credscope", "taxonomy", "validate"))
    assert _check(venv.run("credscope", "--version")).strip() == f"credscope {VERSION}"


def test_credscope_data_dir_replaces_the_bundled_data(venv: Venv, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("__pycache__"))
    taxonomy = data / "taxonomy" / "project_process.yaml"
    text = taxonomy.read_text(encoding="utf-8")
    assert "PMI-PMP, PMP designation," in text
    taxonomy.write_text(text.replace("PMP designation", NEW_ALIAS), encoding="utf-8")
    (venv.workdir / "alias.txt").write_text(ALIAS_POSTING, encoding="utf-8")
    analyze = ("credscope", "analyze", "alias.txt", "--format", "json")

    bundled = json.loads(_check(venv.run(*analyze)))
    replaced = json.loads(_check(venv.run(*analyze, data_dir=data)))

    assert "cert.pmi.pmp" not in {m["credential_id"] for m in bundled["mentions"]}
    found = {(m["text"], m["credential_id"]) for m in replaced["mentions"]}
    assert (NEW_ALIAS, "cert.pmi.pmp") in found
    probe = "from crawler.registry import default_registry; print(default_registry())"
    registry = _check(venv.run("python", "-c", probe, data_dir=data)).strip()
    assert Path(registry) == data / "sources" / "employers.yaml"


def test_the_wheel_lists_every_package_of_the_checkout():
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for package in ("analyzer", "crawler", "pipelines")
        for init in (REPO / package).rglob("__init__.py")
    }
    assert listed == found | {"credscope_data"}
