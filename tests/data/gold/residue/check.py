"""Check the page-residue gold files in this folder and print counts by reason.

Run: python check.py   (from any directory; exits non-zero on the first broken file)

For every <name>.gold.json it checks that <name>.txt exists and has 5-15 non-empty
lines, that every residue entry names an existing line (1-based) with an allowed
reason, that text_starts is exactly the start of that line, and that the
normalised text_starts does not occur inside any article line of the same file.
The last check matters because the scorer (../../../../../shared/eval/README.md,
"residue") counts a residue line as missed when any kept sentence contains its
first 30 normalised characters: a bare "Share" residue line next to an article
line saying "shares fell" could never be scored as removed.
"""
import collections
import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
REASONS = ("caption", "form", "navigation", "advert", "related", "boilerplate")


def norm(s):
    """The eval README's normalisation: NFKC, straight quotes, '-' dashes, one space, casefold."""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub("[\u2018\u2019\u201a\u201b\u2032]", "'", s)
    s = re.sub("[\u201c\u201d\u201e\u201f\u2033]", '"', s)
    s = re.sub("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]", "-", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


def check(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert set(gold) == {"about", "document", "residue"}, sorted(gold)
    txt_path = gold_path.with_name(gold["document"])
    assert txt_path.name == gold_path.name.replace(".gold.json", ".txt"), txt_path.name
    lines = txt_path.read_text(encoding="utf-8").split("\n")
    assert 5 <= len(lines) <= 15, f"{len(lines)} lines"
    assert all(l.strip() for l in lines), "empty line"
    seen = set()
    for r in gold["residue"]:
        assert set(r) == {"line", "reason", "text_starts"}, r
        assert r["reason"] in REASONS, r
        n = r["line"]
        assert 1 <= n <= len(lines) and n not in seen, r
        seen.add(n)
        line = lines[n - 1]
        ts = r["text_starts"]
        assert line.startswith(ts), f"line {n} does not start with {ts!r}: {line[:40]!r}"
        assert len(ts) >= min(len(line.rstrip()), 25), f"text_starts too short on line {n}"
    kept = [norm(l) for i, l in enumerate(lines, 1) if i not in seen]
    for r in gold["residue"]:
        key = norm(r["text_starts"])[:30]
        for k in kept:
            assert key not in k, f"residue line {r['line']} ({key!r}) also occurs in article text: {k[:60]!r}"
    assert kept, "no article lines"
    return collections.Counter(r["reason"] for r in gold["residue"]), len(kept), len(lines)


def main():
    golds = sorted(HERE.glob("*.gold.json"))
    assert len(golds) == len(list(HERE.glob("*.txt"))), "every .txt needs a .gold.json"
    by_reason = collections.Counter()
    article = 0
    for g in golds:
        try:
            c, a, n = check(g)
        except AssertionError as e:
            print(f"FAIL {g.name}: {e}")
            sys.exit(1)
        by_reason += c
        article += a
        print(f"{g.name[:-10]:34s} lines={n:2d} residue={sum(c.values()):2d} article={a:2d}  "
              + " ".join(f"{k}={c[k]}" for k in REASONS if c[k]))
    print(f"\n{len(golds)} snippets, {sum(by_reason.values())} residue lines, {article} article lines")
    for k in REASONS:
        print(f"  {k:12s} {by_reason[k]}")


if __name__ == "__main__":
    main()
