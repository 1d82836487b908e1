"""The actors' mentions by position, built once per document.

Speakers, media and cues ask for the mentions near an offset once per quote; a scan of
every mention each time made the stage quadratic on long texts (issue 20). The answers
are those of the scans they replace, ties included: among equal candidates the first
actor in document order, then its first mention, wins.
"""
from __future__ import annotations

import bisect


class MentionIndex:
    def __init__(self, actors):
        rows = [(m.start, m.end, a_n, m_n, actor, m)
                for a_n, actor in enumerate(actors) for m_n, m in enumerate(actor.mentions)]
        rows.sort(key=lambda r: (r[0], r[2], r[3]))
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.longest = max((r[1] - r[0] for r in rows), default=0)

    def _near(self, start: int, end: int):
        """Rows whose mention may overlap [start, end), in start order."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return self.rows[lo:hi]

    def in_order(self, rows):
        """Rows in the order of a scan over actors, then their mentions."""
        return sorted(rows, key=lambda r: (r[2], r[3]))

    def overlapping(self, start: int, end: int):
        """(actor, mention) of each mention overlapping [start, end), in scan order."""
        rows = [r for r in self._near(start, end) if r[0] < end and start < r[1]]
        return [(r[4], r[5]) for r in self.in_order(rows)]

    def starting_in(self, start: int, end: int):
        """(actor, mention) of each mention that begins in [start, end), in scan order."""
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [(r[4], r[5]) for r in self.in_order(self.rows[lo:hi])]

    def longest_over(self, start: int, end: int):
        """The actor whose mention overlapping [start, end) is the longest (the first on a tie)."""
        return _longest(self.overlapping(start, end))

    def longest_inside(self, start: int, end: int):
        """The actor with the longest mention inside [start, end) (Document.actor_at)."""
        return _longest([(a, m) for a, m in self.starting_in(start, end) if m.end <= end])


def _longest(pairs):
    best, best_len = None, 0
    for actor, m in pairs:
        if m.end - m.start > best_len:
            best, best_len = actor, m.end - m.start
    return best
