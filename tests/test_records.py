"""Twenty varied inputs: each gives a schema-valid record or one clear error line."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest

import newsgraph
from newsgraph.errors import NewsgraphError

from conftest import REPO


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(resources.files("newsgraph").joinpath("schema/newsgraph-1.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


TEXTS = {
    "wire": "KYIV, March 3 (Reuters) - Ukraine's foreign minister met his Polish counterpart in Warsaw on Monday, officials said.",
    "protest": "Thousands of teachers marched through Nairobi on Tuesday demanding higher pay. Police fired tear gas at the crowd.",
    "quote": "“We will not back down,” said Maria Lopez, the union leader. She added that talks with the ministry would resume on Friday.",
    "business": "Shares in Acme Corp fell 4% after the company said its chief executive, John Reed, would step down in June.",
    "sports": "Manchester United beat Chelsea 2-1 at Old Trafford on Sunday. \"It was a huge win,\" the manager told reporters.",
    "court": "A federal judge in Texas blocked the new rule on Wednesday, saying the agency had exceeded its authority.",
    "sanction": "The European Union imposed sanctions on six Iranian officials over the crackdown, the bloc said in a statement.",
    "assault": "Gunmen killed at least 12 villagers in northern Burkina Faso overnight into Saturday, local officials said.",
    "no_sentences": "1234 5678 — ## ** 42",
    "one_word": "Breaking",
    "french": "Le gouvernement français a annoncé mardi une nouvelle réforme des retraites, provoquant la colère des syndicats.",
    "german": "Die Bundesregierung hat am Mittwoch neue Sanktionen gegen Russland beschlossen, teilte ein Sprecher mit.",
    "residue_only": "Share this article\nFollow us on Twitter\nAdvertisement",
    "html": "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1><p>Negotiators from Sudan and South Sudan met in Addis Ababa on Monday to discuss the border dispute, the African Union said.</p><p>“We are hopeful,” an AU spokesman said.</p></article></body></html>",
    "html_empty": "<html><body></body></html>",
    "unicode": "Η κυβέρνηση της Ελλάδας ανακοίνωσε νέα μέτρα. 日本政府は新しい政策を発表した。",
    "long_quote": "The minister said:\n“First, we need peace.\n“Second, we need bread.\n“Third, we need time.”",
    "mixed_quotes": "He called the plan a 'disaster' and said the 'so-called reforms' would fail, according to The Guardian.",
    "numbers_only": "2024-05-06 12:00 UTC",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_python_api_gives_valid_record(name, validator):
    record = newsgraph.analyze(TEXTS[name], published="2024-05-06", ref=name).to_dict()
    validator.validate(record)
    for actor in record["actors"]:
        for m in actor["mentions"]:
            assert record["text"][m["start"]:m["end"]] == m["text"]
    for q in record["quotes"]:
        assert record["text"][q["start"]:q["end"]] == q["text"]
    for e in record["events"]:
        ev = e["evidence"]
        assert record["text"][ev["start"]:ev["end"]] == ev["text"]


def test_non_english_is_passed_through_without_english_stages(validator):
    record = newsgraph.analyze(TEXTS["german"]).to_dict()
    assert record["language"] == "de"
    assert record["actors"] == [] and record["events"] == []
    validator.validate(record)


def test_empty_input_is_a_clear_error():
    with pytest.raises(NewsgraphError, match="empty"):
        newsgraph.analyze("   \n ")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "newsgraph.cli.main", *args], capture_output=True, text=True,
                          timeout=120, cwd=REPO)


@pytest.mark.parametrize("content,expected", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03binary\x00\xff" * 50, "binary"),
])
def test_cli_bad_files_give_one_line_error(tmp_path, content, expected):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run_cli("analyze", str(bad), "-o", str(tmp_path / "out.json"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr.lower()


def test_cli_reads_folder_jsonl_and_gzip_html(tmp_path, validator):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXTS["wire"])
    (tmp_path / "in" / "b.html.gz").write_bytes(gzip.compress(TEXTS["html"].encode()))
    (tmp_path / "in" / "c.jsonl").write_text(json.dumps({"id": "x1", "text": TEXTS["protest"], "published": "2024-01-02"}) + "\n")
    out = tmp_path / "out.jsonl"
    result = run_cli("analyze", str(tmp_path / "in"), "--format", "jsonl", "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["source"]["ref"] for r in records) == ["a", "b", "x1"]
    for record in records:
        validator.validate(record)
    assert next(r for r in records if r["source"]["ref"] == "x1")["published"] == "2024-01-02"
