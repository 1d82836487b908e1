"""Interval look-ups that the stages make many times per document, built once.

`Stabbing` answers "which of these spans holds this position?" in logarithmic time,
where a scan over the spans would make a stage quadratic on long texts.
"""
from __future__ import annotations

import heapq
from bisect import bisect_right


class Stabbing:
    """The lowest rank among the half-open intervals [start, end) holding a position.

    A sweep over the interval ends cuts the line into pieces on which the set of open
    intervals is constant, and keeps the lowest rank of each piece."""

    def __init__(self, intervals):
        events: dict[int, list[tuple[int, int]]] = {}
        for start, end, rank in intervals:
            if end > start:
                events.setdefault(start, []).append((1, rank))
                events.setdefault(end, []).append((-1, rank))
        self.bounds = sorted(events)
        self.lowest: list[int | None] = []
        heap: list[int] = []
        open_count: dict[int, int] = {}
        for pos in self.bounds:
            for kind, rank in events[pos]:
                if kind == 1:
                    open_count[rank] = open_count.get(rank, 0) + 1
                    heapq.heappush(heap, rank)
                else:
                    open_count[rank] -= 1
            while heap and open_count.get(heap[0], 0) <= 0:
                heapq.heappop(heap)
            self.lowest.append(heap[0] if heap else None)

    def __call__(self, pos: int) -> int | None:
        k = bisect_right(self.bounds, pos) - 1
        return self.lowest[k] if k >= 0 else None
