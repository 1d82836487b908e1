"""Where the mentions are: the drafts' refs indexed by position, so that "the actors
named in the last ten sentences", "the mention holding this word" and "inside a quote?"
are answered from a few nearby entries rather than a pass over every mention of the
document (which made the stage quadratic in the length of the text).

The index gives exactly the answers of a scan over `Workspace.drafts` in dict order, each
draft's refs in list order: entries keep the draft's place in the dict and the ref's place
in its draft. `Workspace.ref` adds to it; any other change to a draft's refs, or removing
a draft, must call `Workspace.changed()`, and the index is rebuilt when next asked.
"""
from __future__ import annotations

from bisect import bisect_right, insort


BLOCK = 256  # characters per bucket of the position index


class Intervals:
    """A fixed set of half-open character intervals: is a position inside any of them?"""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for a, b in sorted((a, b) for a, b in spans if b > a):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


class RefIndex:
    def __init__(self, drafts: dict, seq: dict[str, int]):
        self.seq = seq  # draft key -> its place in the drafts dict (shared with the Workspace)
        self.by_end: dict[str, list] = {}  # draft key -> [(end, rank, ref)] sorted
        self.by_start: dict[str, list] = {}  # draft key -> [(start, rank, ref)] sorted
        self.start_blocks: dict[int, list] = {}  # start // BLOCK -> [(ref, draft key)]
        self.end_blocks: dict[int, list] = {}  # end // BLOCK -> [(ref, draft key)]
        self.longest = 0
        for dkey, draft in drafts.items():
            for rank, ref in enumerate(draft.refs):
                self.add(dkey, ref, rank)

    def add(self, dkey: str, ref, rank: int) -> None:
        insort(self.by_end.setdefault(dkey, []), (ref.end, rank, id(ref), ref))
        insort(self.by_start.setdefault(dkey, []), (ref.start, rank, id(ref), ref))
        self.start_blocks.setdefault(ref.start // BLOCK, []).append((ref, dkey))
        self.end_blocks.setdefault(ref.end // BLOCK, []).append((ref, dkey))
        self.longest = max(self.longest, ref.end - ref.start)

    def last_before(self, dkey: str, pos: int, floor: int, keep):
        """The draft's ref with the greatest end <= pos that `keep` accepts (the first in
        the draft's list among equal ends), looking no further back than end >= floor."""
        entries = self.by_end.get(dkey, ())
        k = bisect_right(entries, (pos, float("inf"))) - 1
        best_end, best = None, None
        while k >= 0:
            end, rank, _, ref = entries[k]
            if end < floor or best_end is not None and end < best_end:
                break
            if keep(ref):
                best_end, best = end, ref  # walking down: ranks fall, so the last kept is the first
            k -= 1
        return best

    def starting(self, dkey: str, after: int, before: int):
        """The draft's refs with after < start < before, in order of start."""
        entries = self.by_start.get(dkey, ())
        k = bisect_right(entries, (after, float("inf")))
        out = []
        while k < len(entries) and entries[k][0] < before:
            out.append(entries[k][3])
            k += 1
        return out

    def ending_in(self, lo: int, hi: int):
        """(ref, draft key) for every ref with lo <= end <= hi."""
        for block in range(max(lo, 0) // BLOCK, max(hi, 0) // BLOCK + 1):
            for ref, dkey in self.end_blocks.get(block, ()):
                if lo <= ref.end <= hi:
                    yield ref, dkey

    def starting_in(self, lo: int, hi: int):
        """(ref, draft key) for every ref with lo <= start <= hi."""
        for block in range(max(lo, 0) // BLOCK, max(hi, 0) // BLOCK + 1):
            for ref, dkey in self.start_blocks.get(block, ()):
                if lo <= ref.start <= hi:
                    yield ref, dkey

    def holding(self, pos: int):
        """Draft keys with a ref r.start <= pos < r.end."""
        return {dkey for ref, dkey in self.starting_in(pos - self.longest, pos) if ref.start <= pos < ref.end}

    def in_order(self, keys) -> list[str]:
        """Draft keys in the order of the drafts dict."""
        return sorted(keys, key=self.seq.__getitem__)
