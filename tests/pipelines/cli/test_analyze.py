"""`credscope analyze` and `credscope taxonomy` as a user runs them, bad input included."""

import json

import pytest
from typer.testing import CliRunner

from pipelines.cli.app import app

runner = CliRunner()


def invoke(*args: str, stdin: bytes | str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_plain_text_posting_as_json(tmp_path):
    posting = tmp_path / "posting.txt"
    posting.write_text("Analyst\nRequirements\nBachelor's degree or equivalent experience\n")
    result = invoke("analyze", str(posting), "--format", "json")
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert analysis["equivalency"] is True
    [mention] = analysis["mentions"]
    assert mention["text"] == "Bachelor's degree"
    assert mention["strength"] == "required"


def test_html_is_converted_and_offsets_refer_to_the_text(tmp_path):
    posting = tmp_path / "posting.html"
    posting.write_text(
        "<html><head><style>p {color: red}</style><script>var PMP = 1;</script></head>"
        "<body><h2>Requirements</h2><ul><li>PMP certification</li><li>BS in CS</li></ul></body>"
    )
    result = invoke("analyze", str(posting), "--format", "json")
    assert result.exit_code == 0, result.output
    mentions = json.loads(result.stdout)["mentions"]
    assert [m["text"] for m in mentions] == ["PMP certification", "BS"]
    assert all(m["strength"] == "required" for m in mentions)


def test_stdin_view_highlights_the_phrases():
    result = invoke("analyze", "-", stdin="Job\nEssential\nNMC registration\n")
    assert result.exit_code == 0, result.output
    assert "NMC registration" in result.stdout
    assert "1 credential request(s)" in result.stdout


@pytest.mark.parametrize("body", ["", "   \n\t\n"])
def test_empty_posting_says_so(tmp_path, body):
    posting = tmp_path / "empty.txt"
    posting.write_text(body)
    result = invoke("analyze", str(posting))
    assert result.exit_code == 0
    assert "empty" in result.stdout


def test_binary_and_undecodable_input_are_clear_errors(tmp_path):
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = invoke("analyze", str(binary))
    assert result.exit_code == 2
    assert "binary" in result.stderr
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Diplôme requis".encode("latin-1"))
    result = invoke("analyze", str(latin))
    assert result.exit_code == 2
    assert "not valid utf-8 at byte 4" in result.stderr
    assert "Traceback" not in result.output
    assert invoke("analyze", str(latin), "--encoding", "latin-1").exit_code == 0


def test_missing_file_is_a_clear_error(tmp_path):
    result = invoke("analyze", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_writes_one_line_per_input_line_in_order(tmp_path, workers):
    batch = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "PhD required.", "extra": 1}),
        "{not json",
        json.dumps({"id": "c"}),
        "\udcff\udcfe",  # written back as the bytes ff fe: not UTF-8
        json.dumps({"id": "e", "text": "<p>Must hold a <b>CDL</b> licence</p>"}),
        json.dumps({"id": "f", "text": ""}),
        json.dumps({"id": "g", "text": 42}),
        json.dumps({"id": "h", "text": "x" * 2_000_001}),
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "k", "text": "CPA preferred"}),
    ]
    batch.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogateescape"))
    out = tmp_path / "out.jsonl"
    args = ["--out", str(out), "--workers", workers, "--batch-size", "2"]
    result = invoke("analyze", "--jsonl", str(batch), *args)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == len(lines)
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert [r["id"] for r in records] == ["a", 2, "c", 4, "e", "f", "g", "h", 9, 10, "k"]
    assert errors == {
        2: "bad JSON on line 2 (Expecting property name enclosed in double quotes)",
        "c": "missing text on line 3",
        4: "line 4 is not valid UTF-8 at byte 0",
        "g": "text is not a string on line 7 (int)",
        "h": "too long on line 8: 2,000,001 characters (limit 2,000,000)",
        9: "line 9 is empty",
        10: "line 10 is not a JSON object",
    }
    assert "mentions" not in records[7]
    assert records[0]["min_degree_required"] == "doctorate"
    assert records[4]["mentions"][0]["type"] == "license"
    assert records[5]["mentions"] == []
    assert records[10]["mentions"][0]["strength"] == "preferred"
    assert "bad JSON on line 2" in result.stderr
    assert "analysed 4 posting(s); 7 line(s) failed" in result.stderr


def test_batch_of_good_lines_exits_zero(tmp_path):
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"id": 1, "text": "CPA preferred"}) + "\n")
    result = invoke("analyze", "--jsonl", str(batch))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["mentions"][0]["strength"] == "preferred"


def test_taxonomy_commands():
    listed = invoke("taxonomy", "list", "--type", "clearance", "--json")
    assert listed.exit_code == 0
    assert {"clearance"} == {row["type"] for row in json.loads(listed.stdout)}
    shown = invoke("taxonomy", "show", "cert.pmi.pmp")
    assert shown.exit_code == 0
    assert "PMP" in json.loads(shown.stdout)["aliases"]
    unknown = invoke("taxonomy", "show", "cert.pmi.pmpp")
    assert unknown.exit_code == 2
    assert "cert.pmi.pmp" in unknown.stderr
    valid = invoke("taxonomy", "validate")
    assert valid.exit_code == 0
    assert "credentials valid" in valid.stdout


def test_invalid_taxonomy_is_reported_by_file_and_entry(tmp_path):
    (tmp_path / "bad.yaml").write_text("entries:\n  - {id: x.y, type: nope, label: X}\n")
    result = invoke("taxonomy", "validate", "--dir", str(tmp_path))
    assert result.exit_code == 2
    assert "bad.yaml: x.y: bad type 'nope'" in result.stderr
