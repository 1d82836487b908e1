"""No evaluation text under src/: no six-word run of the PLOVER GSR, the seed article,
PLV train or a held-out set appears anywhere in the package (code, comments or data).

Rules must hold for text of their kind in general; a phrase lifted from the text that
measures them would make the measurement a development score.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SRC = REPO / "src" / "newsgraph"
RUN = 6
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


def jsonl_texts(path: Path, field: str = "text") -> list[str]:
    return [json.loads(line)[field] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluation_texts() -> dict[str, list[str]]:
    sets = {
        "PLOVER GSR": jsonl_texts(SHARED / "data" / "plover-gsr" / "plover_gsr.jsonl"),
        "seed article": [(SHARED / "corpus" / "seed" / "lavrov-demands.txt").read_text(encoding="utf-8")],
        "PLV train": jsonl_texts(SHARED / "data" / "plv-train" / "plv_train.jsonl"),
    }
    heldout = REPO / "tests" / "data" / "heldout"
    sets["held-out passages"] = [p.read_text(encoding="utf-8") for p in sorted(heldout.rglob("*.txt"))]
    sets["held-out sentences"] = [t for p in sorted(heldout.rglob("*.jsonl")) for t in jsonl_texts(p)]
    realnews = REPO / "tests" / "data" / "realnews"
    split = json.loads((realnews / "split.json").read_text(encoding="utf-8"))
    sets["real-news held-out"] = [(realnews / name).read_text(encoding="utf-8") for name in split["held_out"]]
    return sets


def source_texts() -> dict[str, str]:
    return {str(p.relative_to(REPO)): p.read_text(encoding="utf-8", errors="replace")
            for p in SRC.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".html", ".js", ".css")
            and "models" not in p.parts}


@pytest.mark.skipif(not (SHARED / "data" / "plover-gsr").exists(), reason="../shared is not beside the repo")
def test_no_six_word_run_of_evaluation_text_in_src():
    found = []
    source_runs = {name: runs(text) for name, text in source_texts().items()}
    for set_name, texts in evaluation_texts().items():
        evaluation = set().union(*(runs(t) for t in texts)) if texts else set()
        for file, file_runs in source_runs.items():
            for run in sorted(file_runs & evaluation)[:3]:
                found.append(f"{file}: {' '.join(run)!r} ({set_name})")
    assert found == []


def test_the_run_check_catches_a_copied_phrase():
    text = "The minister said the army is ready to defend every village in the north."
    assert runs(text) & runs("# as in: the army is ready to defend every village")
    assert not runs(text) & runs("army is ready to defend")  # five words are not a run
