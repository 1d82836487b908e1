"""Hostile and odd inputs: each gives a clear error or an empty-text record, fast.

Also: language detection, and non-English text kept out of the English stages.
"""
from __future__ import annotations

import gzip
import random
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

import newsgraph
from newsgraph.document import Document
from newsgraph.errors import BinaryInput, EmptyInput, InputError, InputTooLarge
from newsgraph.ingest.files import iter_inputs
from newsgraph.limits import MAX_HTML_ELEMENTS
from newsgraph.pipeline import prepare, process

from conftest import REPO

SECONDS = 10


@contextmanager
def within(seconds: float = SECONDS):
    started = time.monotonic()
    yield
    assert time.monotonic() - started < seconds, f"took longer than {seconds} s"


def only(results: list) -> Document | InputError:
    assert len(results) == 1
    return results[0]


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.html"
    noise = random.Random(1)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(noise.randrange(256) for _ in range(5000)))
    with within():
        result = only(list(iter_inputs([str(path)])))
    assert isinstance(result, BinaryInput) and result.code == "NG102"


def test_random_bytes_without_nul_are_refused(tmp_path):
    path = tmp_path / "noise.txt"
    noise = random.Random(2)
    path.write_bytes(bytes(noise.randrange(1, 256) for _ in range(20000)))
    with within():
        result = only(list(iter_inputs([str(path)])))
    assert isinstance(result, BinaryInput)


def test_invalid_utf8_keeps_the_text_around_the_bad_bytes(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes("The café reopened on Monday after a fire.\n".encode()
                     + b"Stray bytes \xff\xfe\xc3\x28 here.\n"
                     + "The owner thanked the firefighters.\n".encode())
    with within():
        doc = prepare(only(list(iter_inputs([str(path)]))))
    assert "The café reopened on Monday" in doc.text
    assert "The owner thanked the firefighters." in doc.text


def test_latin1_text_is_decoded_not_garbled(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("The café in Zürich reopened on Monday after the fire.".encode("latin-1"))
    doc = prepare(only(list(iter_inputs([str(path)]))))
    assert doc.text == "The café in Zürich reopened on Monday after the fire."


def test_fifty_megabyte_page_is_refused(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        block = b"<p>" + b"word " * 2000 + b"</p>\n"
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    assert path.stat().st_size >= 50 * 1024 * 1024
    with within():
        result = only(list(iter_inputs([str(path)])))
    assert isinstance(result, InputTooLarge)


def test_fifty_megabyte_string_is_refused_by_the_api():
    with within(), pytest.raises(InputTooLarge):
        newsgraph.analyze("<p>" + "word " * (10 * 1024 * 1024) + "</p>")


def test_gzip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * (50 * 1024 * 1024) + b"</p>", compresslevel=9))
    with within():
        result = only(list(iter_inputs([str(path)])))
    assert isinstance(result, InputTooLarge)


def test_too_many_elements_is_a_clear_error():
    html = "<html><body>" + "<p>Another short paragraph of text.</p>" * (MAX_HTML_ELEMENTS + 10) + "</body></html>"
    with within(), pytest.raises(InputTooLarge, match="HTML elements"):
        prepare(newsgraph.ingest.files.document_from_string(html, kind="html"))


def test_html_nested_ten_thousand_deep_gives_a_record(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 10_000 + "<p>Buried text.</p>" + "</div>" * 10_000 + "</body></html>")
    with within():
        doc = process(only(list(iter_inputs([str(path)]))))
    assert isinstance(doc, Document)
    assert doc.text == "Buried text."  # the parser alone would drop it below depth 255
    assert doc.to_dict()["schema"] == "newsgraph/1"


def test_unclosed_tags_ten_thousand_deep_gives_a_record():
    with within():
        doc = process(newsgraph.ingest.files.document_from_string("<html><body>" + "<div><span>" * 10_000 + "text",
                                                            kind="html"))
    assert isinstance(doc, Document)


def test_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    result = only(list(iter_inputs([str(path)])))
    assert isinstance(result, EmptyInput) and result.code == "NG101"


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_string_is_a_clear_error(text):
    with pytest.raises(EmptyInput):
        newsgraph.analyze(text)


def test_empty_page_gives_an_empty_text_record():
    with within():
        doc = process(newsgraph.ingest.files.document_from_string("<html><head></head><body></body></html>", kind="html"))
    assert doc.text == "" and doc.actors == [] and doc.events == []


def test_page_with_no_article_gives_an_empty_or_tiny_record():
    html = ("<html><head><title>Menu</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
            "<li><a href='/world'>World</a></li><li><a href='/sport'>Sport</a></li></ul></nav>"
            "<footer><p>Copyright 2025 Example News. All rights reserved.</p></footer></body></html>")
    with within():
        doc = process(newsgraph.ingest.files.document_from_string(html, kind="html"))
    assert len(doc.text) < 40
    assert doc.quotes == [] and doc.events == []


def test_cli_reports_bad_input_in_one_line_without_traceback(tmp_path):
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x00\x01\x02binary\x00" * 100)
    done = subprocess.run([sys.executable, "-m", "newsgraph.cli.main", "analyze", str(path), "-f", "jsonl"],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 1
    assert "NG102" in done.stderr and "Traceback" not in done.stderr
    assert len([line for line in done.stderr.splitlines() if "NG102" in line]) == 1


FRENCH = ("Le gouvernement français a annoncé mardi un nouveau plan pour la rénovation des écoles. "
          "Le ministre de l'Éducation a déclaré que les travaux commenceraient dès la rentrée prochaine "
          "et que plus de deux mille établissements seraient concernés dans toutes les régions.")
GERMAN = ("Die Bundesregierung hat am Dienstag einen neuen Plan zur Sanierung der Schulen vorgestellt. "
          "Der Minister sagte, die Arbeiten sollten im kommenden Herbst beginnen und mehr als zweitausend "
          "Schulen in allen Bundesländern betreffen.")


@pytest.mark.parametrize("text, code", [(FRENCH, "fr"), (GERMAN, "de")])
def test_non_english_text_gets_its_language_and_skips_english_stages(text, code):
    doc = process(newsgraph.ingest.files.document_from_string(text, kind="text"))
    assert doc.language == code
    assert doc.nlp is None and "parse" not in doc.work["timings"]
    assert doc.actors == [] and doc.quotes == [] and doc.events == []
    assert doc.text == text  # cleaned and kept, just not analysed


def test_non_english_html_page_gets_its_language():
    html = f"<html lang='fr'><body><article><p>{FRENCH}</p><p>{FRENCH}</p></article></body></html>"
    doc = process(newsgraph.ingest.files.document_from_string(html, kind="html"))
    assert doc.language == "fr" and doc.nlp is None


def test_english_text_is_detected_as_english():
    doc = prepare(newsgraph.ingest.files.document_from_string(
        "The government announced a new plan on Tuesday to repair schools across the country, "
        "and the minister said work would begin in the autumn.", kind="text"))
    assert doc.language == "en"
