"""`credscope check` on bad input: one clear sentence, exit 2 (3 when some postings were stored),
no traceback, and nothing written to the user's registry on failure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.pipelines.check.conftest import Checker, closed_port


def one_sentence(output: str) -> str:
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    return errors[0]


@pytest.mark.parametrize(
    ("page", "said"),
    [
        ("/careers/about.html", "found no job postings at"),
        ("/embeds/missing.html", "tried a greenhouse board missing for"),
        ("/embeds/busy.html", "answered http 429; the board asked for fewer requests"),
    ],
)
def test_a_page_or_board_without_postings_is_one_sentence_and_exit_2(
    check: Checker, user_registry: Path, page: str, said: str
) -> None:
    result = check(page)
    assert result.exit_code == 2, result.output
    assert said in one_sentence(result.output)
    assert not user_registry.exists()


def test_an_unreachable_url_says_what_was_tried(check: Checker, user_registry: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/careers"
    result = check(url)
    assert result.exit_code == 2
    sentence = one_sentence(result.output)
    assert f"could not read {url}" in sentence and "check the address" in sentence
    assert not user_registry.exists()


def test_a_partly_failing_page_answers_and_exits_3(check: Checker, user_registry: Path) -> None:
    result = check("/embeds/partial.html")
    assert result.exit_code == 3, result.output
    assert "127.0.0.1: 3 postings analysed." in result.stdout
    sentence = one_sentence(result.output)
    assert "lever/v0/postings/missing?mode=json answered http 404" in sentence
    (entry,) = yaml.safe_load(user_registry.read_text(encoding="utf-8"))["employers"]
    assert (entry["source"], entry["board"]) == ("greenhouse", "acme")


def test_offline_for_a_page_never_checked(check: Checker) -> None:
    result = check("/embeds/greenhouse.html", "--offline")
    assert result.exit_code == 2
    assert "has not checked" in one_sentence(result.output)


def test_a_loopback_url_is_refused_without_the_allowance(
    check: Checker, user_registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CREDSCOPE_ALLOW_PRIVATE")
    refused = check("/embeds/greenhouse.html")
    assert refused.exit_code == 2
    sentence = one_sentence(refused.output)
    assert "is a loopback address" in sentence and "--allow-private" in sentence
    assert not user_registry.exists() and not check.db.exists()
    allowed = check("/embeds/greenhouse.html", "--allow-private")
    assert allowed.exit_code == 0, allowed.output
