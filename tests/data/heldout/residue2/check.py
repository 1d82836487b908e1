"""Consistency check for the residue2 set (files only; runs no system code)."""
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpus/news/wikinews-2019-2020.jsonl")
REASONS = {"caption", "form", "navigation", "advert", "related", "boilerplate"}
EXCLUDED = {151, 156, 157, 162, 173, 177, 179, 182, 190, 223, 227, 233, 239,
            243, 248, 250, 251, 254, 261, 280}

rows = CORPUS.read_text(encoding="utf-8").split("\n")
res = json.loads((HERE / "residue_lines.json").read_text(encoding="utf-8"))
known = {t: r for r, ts in res["pool"].items() for t in ts}
known.update({t: "caption" for t in res["specific"].values()})
errors, reasons, n_art, n_text, used = [], Counter(), 0, 0, set()
for g in sorted(HERE.glob("*.gold.json")):
    gold = json.loads(g.read_text(encoding="utf-8"))
    assert set(gold) == {"about", "document", "source", "residue"}, g
    raw = (HERE / gold["document"]).read_text(encoding="utf-8")
    if raw.endswith("\n") or "\n\n" in raw or raw.startswith("\n"):
        errors.append(f"{g.name}: empty line or trailing newline")
    lines = raw.split("\n")
    n = int(gold["source"].rsplit(" ", 1)[1])
    assert gold["source"] == f"wikinews-2019-2020.jsonl line {n}"
    if not (150 <= n <= 293) or n in EXCLUDED or n in used:
        errors.append(f"{g.name}: bad source line {n}")
    used.add(n)
    art = json.loads(rows[n - 1])
    words = len(art["text"].split())
    if not 150 <= words <= 600:
        errors.append(f"{g.name}: {words} words")
    res_lines = set()
    if not 3 <= len(gold["residue"]) <= 6:
        errors.append(f"{g.name}: {len(gold['residue'])} residue lines")
    for r in gold["residue"]:
        i = r["line"]
        if not 1 <= i <= len(lines) or i in res_lines:
            errors.append(f"{g.name}: bad line {i}")
            continue
        res_lines.add(i)
        line = lines[i - 1]
        if r["text_starts"] != line[:30]:
            errors.append(f"{g.name}: text_starts mismatch at {i}")
        if r["reason"] not in REASONS or known.get(line) != r["reason"]:
            errors.append(f"{g.name}: reason/line not in residue_lines.json at {i}")
        reasons[r["reason"]] += 1
    body = [l for i, l in enumerate(lines, 1) if i not in res_lines]
    paras = [" ".join(p.split()) for p in art["text"].split("\n\n") if p.strip()]
    if body != paras:
        errors.append(f"{g.name}: article lines differ from corpus paragraphs")
    if any(l in known for l in body):
        errors.append(f"{g.name}: unlabelled residue line")
    n_art += 1
    n_text += len(body)
print("articles", n_art, "article lines", n_text, "residue", sum(reasons.values()), dict(reasons))
print("errors:", errors or "none")
