"""Modality of an event: asserted, negated, future, hypothetical or historical.

Read from the trigger's own clause and the clauses that govern it, never from
the whole sentence: in "X denied that its jets bombed Y" the bombing is
negated, in "X said it would retaliate if Y struck" both are hypothetical.
Order matters: a negation wins over a plan ("will not attend"), a condition
over a plan ("will strike if attacked"). Dates are judged by the caller.
"""
from __future__ import annotations

import re
from datetime import date

from newsgraph.lexicon import table, words
from newsgraph.nlp.syntax import clause_verb as climb_to_verb
from newsgraph.stages.events.candidate import lexicon
from newsgraph.stages.events.model import lexicon_types

RULES = "events_modality.json"
MAX_CLIMB = 12  # heads climbed from a word to its clause verb


def _words(name: str) -> frozenset[str]:
    return words(name, file=RULES)


NEG_WORDS = _words("negators")
NEG_GOVERNORS = _words("negating_governors")
NEGATIVE_PRONOUNS = _words("negative_pronouns")
REPORT_NOUNS = _words("report_nouns")
FUTURE_AUX = _words("future_aux")
ANNOUNCING_AUX = FUTURE_AUX | {"would"}  # what a speaker says will or would be done
HYPOTHETICAL_AUX = _words("hypothetical_aux")
PLAN_HEADS = _words("plan_heads")
PLAN_PASSIVE = _words("plan_passive")
PASSIVE_AUX = _words("passive_aux")
PLANNED_MODIFIERS = _words("planned_modifiers")
CONDITION_MARKS = _words("condition_marks")
HYPOTHETICAL_WORDS = _words("hypothetical_words")
HISTORY_MARKS = _words("history_marks")
HISTORY_WORDS = _words("history_words")
ADJUNCT_PREPS = _words("adjunct_preps")
HEDGE_HEADS = _words("hedge_heads")
FUTURE_WORDS = _words("future_words")
COMMIT_HEADS = _words("commit_heads")
REFUSING_GOVERNORS = _words("refusing_governors")
THREAT_HEADS = _words("threat_heads")
OFFERED_THINGS = _words("offered_things")
GOVERNING_LINKS = _words("governing_links")
SPEECH = words("speech_verbs", "modality_frame")
HISTORY_SPANS = re.compile(table(RULES)["history_spans"], re.I)
PLAN_REACH = 16  # tokens after a noun event within which its "is being planned" may come
YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)(s|-\d\d|–\d\d)?$")


def modality_of(tok, sent, published_year: int | None = None, event_type: str | None = None) -> str:
    clause = clause_verb(tok)
    if _in_adjunct(tok):
        clause = tok  # "during Sunday's rally": the rally's modality is its own, not its sentence's
    if event_type == "THREATEN" and _conditional_promise(tok):
        return "asserted"  # "could suspend talks if ...": the warning itself is the event
    if _conditional(tok, clause):
        return "hypothetical"
    if _negated(tok, clause):
        return "negated"
    if _future(tok, clause):
        return "future"
    if _modal(tok, clause):
        return "hypothetical"
    if _historical(tok, clause, published_year or date.today().year):
        return "historical"
    return "asserted"


def _in_adjunct(tok) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ in ADJUNCT_PREPS


def _conditional_promise(tok, marks=("if", "unless")) -> bool:
    return bool(_aux(tok) & (HYPOTHETICAL_AUX | FUTURE_AUX)) and any(
        c.dep_ == "advcl" and any(m.lower_ in marks for m in c.children if m.dep_ == "mark") for c in tok.children)


def clause_verb(tok):
    """The verb of the clause a word sits in (a noun trigger's governing verb)."""
    return climb_to_verb(tok, max_steps=MAX_CLIMB)


def _chain(tok, clause):
    """The trigger, its clause verb and the verbs it is an open complement of ("did not agree to meet")."""
    out = [tok] if tok.i == clause.i else [tok, clause]
    cur = clause
    while cur.dep_ in ("xcomp", "conj", "pcomp", "prep", "acl") and cur.head.i != cur.i and len(out) < 6:
        cur = cur.head
        out.append(cur)
    return out


def _negated(tok, clause) -> bool:
    for word in _chain(tok, clause):
        if any(c.dep_ == "neg" or c.lower_ in NEG_WORDS for c in word.children if c.dep_ in ("neg", "advmod")):
            return True
    # "no convoys reached", "detained no one", "there was no fighting"
    if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
        return True
    for child in clause.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(g.lower_ == "no" and g.dep_ == "det" for g in child.children):
            return True
        if child.dep_ in ("nsubj", "dobj") and child.lower_ in NEGATIVE_PRONOUNS:
            return True
    # "denied that its jets bombed", "failed to agree", "rejected reports that troops shelled"
    for word in _chain(tok, clause)[1:] + list(_governors(clause)):
        if word.lemma_.lower() in NEG_GOVERNORS and word.i != tok.i:
            return True
        if word.lower_ in REPORT_NOUNS and word.head.lemma_.lower() in NEG_GOVERNORS:
            return True
    return False


def _governors(clause, depth: int = 3):
    """The clauses above this one, through complement and report links only."""
    cur, out = clause, []
    while cur.dep_ in GOVERNING_LINKS and cur.head.i != cur.i and len(out) < depth:
        cur = cur.head
        out.append(cur)
        if cur.pos_ == "VERB" and cur.dep_ not in ("xcomp", "ccomp", "pcomp"):
            break
    return out


def _conditional(tok, clause) -> bool:
    for word in [clause, *_chain(tok, clause)]:
        if word.dep_ == "advcl" and any(c.lower_ in CONDITION_MARKS and c.dep_ == "mark" for c in word.children):
            return True
        # "should Israel strike", "were the junta to hand"
        if any(c.dep_ in ("aux", "auxpass") and c.i < word.i and c.lower_ in ("should", "were", "had") and c.i == word.left_edge.i
               for c in word.children) and any(s.dep_.startswith("nsubj") for s in word.children):
            return True
        if any(c.lower_ == "whether" and c.dep_ in ("mark", "advmod") for c in word.children):
            return True
        if word.i != tok.i and word.lemma_.lower() in HEDGE_HEADS:
            return True
        if word.pos_ == "NOUN" and any(c.lower_ == "any" and c.dep_ == "det" for c in word.children):
            return True
    if clause.dep_ == "advcl" and any(c.lower_ == "once" for c in clause.children if c.dep_ in ("mark", "advmod")):
        return True
    return False


def _aux(word) -> set[str]:
    return {c.lower_ for c in word.children if c.dep_ in ("aux", "auxpass")}


def _planned_later_in_clause(tok) -> bool:
    """A noun event followed, in the same clause, by "is/are (now) being" + a plan verb:
    read from the words, since the parser often hangs such a long subject elsewhere."""
    words = []
    for word in tok.doc[tok.i + 1:min(tok.sent.end, tok.i + 1 + PLAN_REACH)]:
        if word.text in (".", ";"):
            break
        words.append(word)
    for i, word in enumerate(words[:-2]):
        rest = [w for w in words[i + 1:i + 4] if w.lower_ != "now"]
        if word.lower_ in ("is", "are") and len(rest) >= 2 and rest[0].lower_ == "being" \
                and rest[1].tag_ == "VBN" and rest[1].lemma_.lower() in PLAN_PASSIVE:
            return True
    return False


def _future(tok, clause) -> bool:
    for word in _chain(tok, clause):
        if _aux(word) & FUTURE_AUX:
            return True
        if word.i != tok.i and word.lemma_.lower() in PLAN_HEADS and word.dep_ != "ROOT" and word.pos_ in ("VERB", "ADJ"):
            return True
        # "is set to", "are expected to", "plans to": the trigger is the complement of a plan
        if word.dep_ == "xcomp" and word.head.lemma_.lower() in PLAN_HEADS:
            if word.head.lemma_.lower() not in ("begin", "announce") or _aux(word.head) & FUTURE_AUX:
                return True
    if clause.i != tok.i and clause.lemma_.lower() in PLAN_PASSIVE and _aux(clause) & PASSIVE_AUX:
        return True  # "talks are being discussed", "a visit is planned"
    if tok.pos_ == "NOUN" and _planned_later_in_clause(tok):
        return True  # "a visit by the premier to X is now being planned", whatever the parse made of it
    if any(w.lower_ in FUTURE_WORDS for w in _own_words(tok, clause)):
        return True
    if tok.pos_ == "NOUN" and any(c.dep_ in ("amod", "acl") and c.lemma_.lower() in PLANNED_MODIFIERS
                                  for c in tok.children):
        return True
    return False


def _modal(tok, clause) -> bool:
    for word in _chain(tok, clause):
        if _aux(word) & HYPOTHETICAL_AUX:
            return True
    if tok.pos_ == "NOUN" and any(c.lower_ in HYPOTHETICAL_WORDS for c in tok.children if c.dep_ in ("det", "amod")):
        return True
    if clause.lemma_.lower() == "be" and any(c.lower_ in HYPOTHETICAL_WORDS for c in clause.children if c.dep_ in ("acomp", "attr")):
        return True
    return False


def _own_words(tok, clause):
    """The words of the trigger's own clause, not those of clauses inside it."""
    root = clause if clause.i != tok.i and tok.pos_ != "VERB" else tok
    return [w for w in root.subtree if w.i == root.i or clause_verb(w).i in (root.i, tok.i)]


def _historical(tok, clause, year_now: int) -> bool:
    for word in _chain(tok, clause):
        for w in _own_words(word, clause_verb(word)):
            m = YEAR.match(w.text)
            if m and int(m.group(1)) < year_now:
                return True
        # "since 2011, when NATO air strikes helped": a clause hanging on a past date
        if word.dep_ in ("relcl", "advcl") and YEAR.match(word.head.text) and int(YEAR.match(word.head.text).group(1)) < year_now:
            return True
    if clause.dep_ == "advcl" and any(c.lower_ in HISTORY_MARKS and c.dep_ == "mark" for c in clause.children):
        return True  # "the worst since the rebels seized the port"
    own = " ".join(w.text for w in _own_words(tok, clause))
    if HISTORY_SPANS.search(own):
        return True
    if clause.dep_ == "advcl" and clause.head.i != clause.i and HISTORY_SPANS.search(" ".join(w.text for w in clause.head.subtree if w.i < clause.i)):
        return True
    if tok.pos_ == "NOUN" and clause.lemma_.lower() in HISTORY_WORDS:
        return True
    return False


def commitment(tok) -> bool:
    """The actor commits to doing it ("will back", "offered to mediate", "is ready to meet",
    "will meet next week"): PLOVER codes such a commitment as AGREE, not as the promised act
    (the GSR codes "will visit" so). A schedule someone else reports ("is expected to",
    "is due to") is no commitment."""
    clause = clause_verb(tok)
    if _negated(tok, clause):
        return False  # a conditional offer ("would meet him if ...") is still an offer
    if pledged(tok):
        return True
    verb = _announced_verb(tok)
    return verb is not None and any(c.dep_ == "nsubj" for c in verb.children)


def pledged(tok) -> bool:
    """A word of commitment governs the act ("is willing to withdraw", "offered to mediate"):
    the syntax alone says it is a promise, however rare the act's wording."""
    clause = clause_verb(tok)
    return not _negated(tok, clause) and any(
        w.i != tok.i and w.lemma_.lower() in COMMIT_HEADS for w in _chain(tok, clause))


def goods_offered(tok) -> bool:
    """"offer" with an object and no clause that promises nothing PLOVER codes: "both airlines
    offer flights" (a sale); "offered asylum", "offered talks" (an event noun) are promises."""
    if tok.lemma_.lower() != "offer" or any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
        return False
    offered = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    return bool(offered) and not any({o.lemma_.lower(), o.lower_} & OFFERED_THINGS or lexicon_types(o, lexicon())
                                     for o in offered)


def _announced_verb(tok):
    """The verb that carries the act ("will extend a loan": extend) when a future or
    "would" auxiliary announces it, else None."""
    verb = tok.head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" else tok
    return verb if verb.pos_ == "VERB" and _aux(verb) & ANNOUNCING_AUX else None


def refusal(tok) -> bool:
    """A concession said not to be made from now on ("will not lift the embargo", "would
    not release them"): a refusal. "Did not withdraw" only tells that it did not happen."""
    return _announced_verb(tok) is not None and _negated(tok, clause_verb(tok))


def failed_agreement(tok) -> bool:
    """"failed to reach agreement", "refused to sign the accord": what the parties did not
    agree to is a rejection (REJECT), not a negated agreement."""
    clause = clause_verb(tok)
    return any(w.i != tok.i and w.lemma_.lower() in REFUSING_GOVERNORS for w in _chain(tok, clause)[1:])


def threat(tok) -> bool:
    """A hostile act announced, not done: "said they would boycott", "may halt X if Y",
    "stands ready to close the border". PLOVER codes it as THREATEN."""
    clause = clause_verb(tok)
    if _negated(tok, clause):
        return False
    if _conditional_promise(tok):
        return True
    if any(w.i != tok.i and w.lemma_.lower() in THREAT_HEADS for w in _chain(tok, clause)):
        return True
    verb = _announced_verb(tok)  # "would impose sanctions"
    return verb is not None and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH


def ultimatum(tok) -> bool:
    """"will withdraw unless X": any act made conditional on the other side giving in."""
    return _conditional_promise(tok, ("unless",))
