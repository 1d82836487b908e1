#!/usr/bin/env python3
"""Consistency check for the residue3 held-out set. Exits non-zero on any problem."""
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import pick  # noqa: E402  (constants and the paragraph splitter only; nothing is rebuilt)

errors = []


def err(msg):
    errors.append(msg)


def main():
    rows = pick.load_corpus()
    with open(os.path.join(HERE, "residue_lines.json"), encoding="utf-8") as f:
        res = json.load(f)
    if set(res) != {"specific", "pool"}:
        err("residue_lines.json: top-level keys must be specific and pool")
    if set(res["pool"]) != set(pick.REASONS):
        err("residue_lines.json: pool reasons must be exactly %s" % pick.REASONS)
    reason_of = {}
    for r in pick.REASONS:
        for t in res["pool"].get(r, []):
            if t in reason_of:
                err("pool line listed twice: %r" % t)
            reason_of[t] = r
    for n, t in res["specific"].items():
        if t in reason_of:
            err("specific caption also in pool: %r" % t)

    txts = sorted(glob.glob(os.path.join(HERE, "wc*.txt")))
    golds = sorted(glob.glob(os.path.join(HERE, "wc*.gold.json")))
    if [p[:-4] for p in txts] != [p[:-10] for p in golds]:
        err("every wcNNNN.txt needs a wcNNNN.gold.json and the other way round")
    if len(txts) != pick.N_ARTICLES:
        err("expected %d articles, found %d" % (pick.N_ARTICLES, len(txts)))

    used = collections.Counter()
    counts = collections.Counter()
    article_lines = 0
    for gpath in golds:
        name = os.path.basename(gpath)[:-10]
        try:
            with open(gpath, encoding="utf-8") as f:
                gold = json.load(f)
        except ValueError as e:
            err("%s: invalid JSON: %s" % (gpath, e))
            continue
        if set(gold) != {"about", "document", "source", "residue"}:
            err("%s: keys must be about, document, source, residue" % name)
            continue
        if gold["document"] != name + ".txt":
            err("%s: document field is %r" % (name, gold["document"]))
        m = re.fullmatch(r"wikinews-cd2000\.jsonl line (\d+)", gold["source"])
        if not m:
            err("%s: bad source %r" % (name, gold["source"]))
            continue
        n = int(m.group(1))
        if name != "wc%04d" % n:
            err("%s: file name does not match source line %d" % (name, n))
        if not (pick.FIRST <= n <= pick.LAST):
            err("%s: source line %d outside %d-%d" % (name, n, pick.FIRST, pick.LAST))
        if n in pick.EXCLUDE:
            err("%s: source line %d is on the exclusion list" % (name, n))
        if n in pick.SKIP:
            err("%s: source line %d was meant to be skipped" % (name, n))
        row = rows[n - 1]
        words = len(row["text"].split())
        if not (pick.MIN_WORDS <= words <= pick.MAX_WORDS):
            err("%s: article has %d words" % (name, words))
        if row["id"] not in gold["about"]:
            err("%s: about field does not name corpus id %s" % (name, row["id"]))

        with open(os.path.join(HERE, name + ".txt"), encoding="utf-8") as f:
            raw = f.read()
        if raw.endswith("\n"):
            err("%s.txt: trailing newline" % name)
        lines = raw.split("\n")
        if any(not l.strip() for l in lines):
            err("%s.txt: empty line" % name)
        if any(l != " ".join(l.split()) for l in lines):
            err("%s.txt: uncollapsed whitespace" % name)

        residue = gold["residue"]
        if not (3 <= len(residue) <= 6):
            err("%s: %d residue lines (want 3-6)" % (name, len(residue)))
        nums = [e["line"] for e in residue]
        if nums != sorted(set(nums)):
            err("%s: residue line numbers not unique and ascending" % name)
        own_caption = 0
        for e in residue:
            if set(e) != {"line", "reason", "text_starts"}:
                err("%s: residue entry keys %s" % (name, sorted(e)))
                continue
            i = e["line"]
            if not (isinstance(i, int) and 1 <= i <= len(lines)):
                err("%s: line %r out of range" % (name, i))
                continue
            t = lines[i - 1]
            if e["text_starts"] != t[:30]:
                err("%s: line %d text_starts %r != %r" % (name, i, e["text_starts"], t[:30]))
            if e["reason"] not in pick.REASONS:
                err("%s: line %d bad reason %r" % (name, i, e["reason"]))
            if t == res["specific"].get(str(n)):
                own_caption += 1
                want = "caption"
            elif t in reason_of:
                want = reason_of[t]
                used[t] += 1
            else:
                err("%s: line %d is not in residue_lines.json (or is another article's caption)" % (name, i))
                continue
            if e["reason"] != want:
                err("%s: line %d reason %r, data file says %r" % (name, i, e["reason"], want))
            counts[e["reason"]] += 1
        if own_caption != 1:
            err("%s: own caption appears %d times" % (name, own_caption))

        gold_set = set(nums)
        body = [l for j, l in enumerate(lines, 1) if j not in gold_set]
        paras = pick.paragraphs(row["text"])
        if body != paras:
            err("%s: article lines differ from corpus paragraphs" % name)
        for j in gold_set:
            if 1 <= j <= len(lines) and lines[j - 1] in paras:
                err("%s: residue line %d equals an article paragraph" % (name, j))
        article_lines += len(body)

    for t, c in used.items():
        if c > 1:
            err("pool line used %d times: %r" % (c, t))

    if errors:
        for e in errors:
            print("FAIL:", e)
        sys.exit(1)
    print("OK: %d articles, %d residue lines, %d article lines" % (len(golds), sum(counts.values()), article_lines))
    for r in pick.REASONS:
        print("  %-11s %d" % (r, counts[r]))


if __name__ == "__main__":
    main()
