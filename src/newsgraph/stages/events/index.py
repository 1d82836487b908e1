"""Look-ups the events stage makes many times per document, answered from indexes built
once: which actor a stretch of text names, which quote a position is in, which entities
a sentence holds.

Each answer is the one a scan of `doc.actors` (in order, each actor's mentions in order),
`doc.quotes` or `doc.ents` would give, so the stage's output does not depend on them; the
indexes only make every look-up take logarithmic time instead of a pass over the document.
The actors, quotes and entities must not change while the index is in use (they do not:
the events stage only reads them).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from newsgraph.nlp.intervals import Stabbing


class ActorIndex:
    """The actors' mentions, sorted by start, and by rank: an actor's place in `doc.actors`."""

    def __init__(self, actors):
        self.actors = list(actors)
        self.by_id = {}
        for actor in self.actors:
            self.by_id.setdefault(actor.id, actor)
        entries = sorted((m.start, rank, n, m.end) for rank, actor in enumerate(self.actors)
                         for n, m in enumerate(actor.mentions))
        self.entries = entries
        self.starts = [e[0] for e in entries]
        self._at = Stabbing((start, end, rank) for start, rank, _, end in entries)
        self._ending = Stabbing((start + 1, end + 1, rank) for start, rank, _, end in entries)

    def actor(self, actor_id):
        """doc.actor(actor_id): the first actor with that id."""
        return self.by_id.get(actor_id)

    def _inside(self, start: int, end: int):
        """Mentions with start <= m.start and m.end <= end, in (start, rank, order) order."""
        lo, hi = bisect_left(self.starts, start), bisect_right(self.starts, end)
        return [e for e in self.entries[lo:hi] if e[3] <= end]

    def at(self, start: int, end: int):
        """Document.actor_at: the actor with the longest mention inside [start, end), the
        first in actor and mention order among equally long ones."""
        best, best_key = None, None
        for m_start, rank, n, m_end in self._inside(start, end):
            length = m_end - m_start
            if length <= 0:
                continue
            key = (-length, rank, n)
            if best_key is None or key < best_key:
                best, best_key = rank, key
        return self.actors[best] if best is not None else None

    def covering(self, start: int, end: int):
        """The first actor with a mention holding `start` (m.start <= start < m.end) or
        ending the span (m.start < end <= m.end)."""
        ranks = [r for r in (self._at(start), self._ending(end)) if r is not None]
        return self.actors[min(ranks)] if ranks else None

    def first_inside(self, start: int, end: int, exclude=()):
        """The first actor (in order) with a mention inside [start, end] not in `exclude` (ids)."""
        ranks = {rank for _, rank, _, _ in self._inside(start, end) if self.actors[rank].id not in exclude}
        return self.actors[min(ranks)] if ranks else None

    def all_inside(self, start: int, end: int, exclude=()):
        """Every actor (in order) with a mention inside [start, end], but those in `exclude` (ids)."""
        ranks = {rank for _, rank, _, _ in self._inside(start, end) if self.actors[rank].id not in exclude}
        return [self.actors[r] for r in sorted(ranks)]

    def earliest_in(self, start: int, end: int, exclude=()):
        """The actor named first with start <= m.start < end (the first in order at a tie)."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        for _, rank, _, _ in self.entries[lo:hi]:
            if self.actors[rank].id not in exclude:
                return self.actors[rank]
        return None


class QuoteIndex:
    """The quotes, by the positions they hold."""

    def __init__(self, quotes):
        self.quotes = list(quotes)
        self._at = Stabbing((q.start, q.end, n) for n, q in enumerate(self.quotes))
        self._said = Stabbing((q.start, q.end + 1, n) for n, q in enumerate(self.quotes) if q.speaker)
        reported = sorted((q.start, n) for n, q in enumerate(self.quotes) if q.kind != "direct" and q.speaker)
        self._reported = reported
        self._reported_starts = [s for s, _ in reported]

    def at(self, pos: int):
        """The first quote with q.start <= pos < q.end."""
        n = self._at(pos)
        return self.quotes[n] if n is not None else None

    def said_at(self, pos: int):
        """The first quote with a speaker and q.start <= pos < q.end + 1."""
        n = self._said(pos)
        return self.quotes[n] if n is not None else None

    def reported_between(self, start: int, pos: int):
        """The first indirect or mixed quote with a speaker and start <= q.start <= pos."""
        lo, hi = bisect_left(self._reported_starts, start), bisect_right(self._reported_starts, pos)
        found = [n for _, n in self._reported[lo:hi]]
        return self.quotes[min(found)] if found else None


class EntityIndex:
    """spaCy's entities, by their first token."""

    def __init__(self, sp):
        self.ents = list(sp.ents)
        self.starts = [e.start for e in self.ents]

    def within(self, span) -> list:
        """span.ents: the entities from the span's start on, up to the first that leaves it."""
        out = []
        for ent in self.ents[bisect_left(self.starts, span.start):]:
            if ent.end > span.end:
                break
            out.append(ent)
        return out
