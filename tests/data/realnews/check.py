"""Check the real-news gold files: fields, codes, and that every gold string is in the text.

Run: python3 tests/data/realnews/check.py [name.gold.json ...]   (exits non-zero on a broken file)

Every `text_contains`, `text_contains_any`, `claim_contains` and `date_text` must be a
substring of the normalised text (newsgraph/1 normalisation), and the perfect prediction
built from the gold file must score 1.0 on every kind.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "src"))  # the scorer needs only the standard library
from newsgraph.evaluation import scorer as ev  # noqa: E402
from newsgraph.evaluation.matching import needles  # noqa: E402

TYPES = {"PERSON", "ORG", "GPE", "GROUP"}
SECTORS = {"GOV", "MIL", "MED", "REB", "OPP", "BUS", "CVL", "IGO", "JUD", "LEG", "REL", "EDU", None}
EVENT_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITIES = {"asserted", "negated", "future", "hypothetical", "historical"}
QUOTE_KINDS = {"direct", "indirect", "mixed"}
RESIDUE_REASONS = {"caption", "form", "navigation", "advert", "related", "boilerplate"}
VERDICTS = {"false", "misleading", "disputed", "true"}
CODE = re.compile(r"[A-Z]{3}|NATO|EU|UN|AU|WHO|IGO|ASEAN|OPEC|ICC|G7|G20|ARL|IMF|OAS|ECOWAS|INTERPOL")


def _in_text(clean_n: str, needle: str, what: str) -> None:
    assert isinstance(needle, str) and needle.strip(), f"{what}: empty"
    assert ev.normalise(needle) in clean_n, f"{what} not in text: {needle!r}"


def check(gold_path: Path) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raw = (gold_path.parent / gold["document"]).read_text(encoding="utf-8")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold["published_hint"]), "published_hint"
    prediction = ev.gold_to_prediction(gold, raw)
    clean_n = ev.normalise(prediction["text"])
    lines = raw.splitlines()
    for r in gold.get("residue", []):
        assert r["reason"] in RESIDUE_REASONS, r
        assert ev.normalise(lines[r["line"] - 1]).startswith(ev.normalise(r["text_starts"])), f"residue line {r}"
    names = set()
    for a in gold.get("actors", []):
        assert a["type"] in TYPES and a.get("sector") in SECTORS, a
        assert a.get("country") is None or CODE.fullmatch(a["country"]), a
        names.add(ev.normalise(a["name"]))
        for alias in a.get("aliases", []):
            names.add(ev.normalise(alias))
    for q in gold.get("quotes", []):
        assert q["kind"] in QUOTE_KINDS, q
        _in_text(clean_n, q["text_contains"], "quote text_contains")
        for role in ("speaker", "medium"):
            if q.get(role):
                assert ev.normalise(q[role]) in names, f"quote {role} is no gold actor name or alias: {q[role]!r}"
        if q.get("cue"):
            _in_text(clean_n, q["cue"], "quote cue")
    codes = {a.get("country") for a in gold.get("actors", [])}
    for e in gold.get("events", []):
        assert e["type"] in EVENT_TYPES, e
        assert e.get("modality", "asserted") in MODALITIES, e
        assert ("text_contains" in e) != ("text_contains_any" in e), f"one of text_contains(_any): {e}"
        for needle in needles(e):
            _in_text(clean_n, needle, "event text_contains")
        for side in ("source", "target"):
            for code in e.get(side) or []:
                assert code in codes, f"event {side} code {code} has no gold actor"
        if e.get("date_text"):
            _in_text(clean_n, e["date_text"], "event date_text")
        if e.get("date_given_published_hint"):
            assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", e["date_given_published_hint"]), e
    for f in gold.get("fact_checks", []):
        assert f["verdict"] in VERDICTS, f
        _in_text(clean_n, f["text_contains"], "fact_check text_contains")
        _in_text(clean_n, f["claim_contains"], "fact_check claim_contains")
    for item in gold.get("loaded_language", []):
        _in_text(clean_n, item["text"], "loaded_language")
    result = ev.score(gold, prediction)
    for kind in ev.KINDS:
        assert result[kind]["f1"] == 1.0, f"perfect prediction scores {result[kind]['f1']} on {kind}"
    return gold


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(HERE.glob("*.gold.json"))
    counts = {"files": 0, "actors": 0, "quotes": 0, "events": 0, "with_event": 0}
    for path in paths:
        try:
            gold = check(path)
        except (AssertionError, KeyError, ValueError) as error:
            print(f"{path.name}: {error}")
            return 1
        required = [e for e in gold.get("events", []) if e.get("required", True)]
        counts["files"] += 1
        counts["actors"] += len(gold.get("actors", []))
        counts["quotes"] += len(gold.get("quotes", []))
        counts["events"] += len(gold.get("events", []))
        counts["with_event"] += bool(required)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
