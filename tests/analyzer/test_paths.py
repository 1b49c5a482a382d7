"""data_dir(): CREDSCOPE_DATA_DIR, else the installed credscope_data package, else data/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import paths

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_lookup(monkeypatch: pytest.MonkeyPatch):
    """data_dir() looked up again, without CREDSCOPE_DATA_DIR and without a cached package."""
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    installed = sys.modules.pop(paths.DATA_PACKAGE, None)
    paths.bundled_data_dir.cache_clear()
    yield
    sys.modules.pop(paths.DATA_PACKAGE, None)  # a package a test put on sys.path
    if installed is not None:
        sys.modules[paths.DATA_PACKAGE] = installed
    paths.bundled_data_dir.cache_clear()


def test_the_checkout_data_folder_without_an_installed_data_package(fresh_lookup):
    assert paths.data_dir() == REPO / "data"
    assert (paths.taxonomy_dir() / "degrees.yaml").is_file()


def test_the_installed_data_package_comes_before_the_checkout(fresh_lookup, monkeypatch, tmp_path):
    package = tmp_path / paths.DATA_PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert paths.data_dir() == package
    assert paths.cues_dir() == package / "cues"


def test_the_environment_variable_replaces_both(fresh_lookup, monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    assert paths.data_dir() == tmp_path
    assert paths.decider_dir() == tmp_path / "models" / "decider"


def test_importing_paths_vocab_or_the_package_does_not_import_spacy():
    probe = "import sys, analyzer, analyzer.paths, analyzer.vocab; print('spacy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_public_names_still_import_from_the_package():
    import analyzer
    from analyzer import analysis_version, analyze_texts

    assert callable(analyze_texts) and callable(analysis_version)
    assert set(analyzer.__all__) <= set(dir(analyzer))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = analyzer.nope
