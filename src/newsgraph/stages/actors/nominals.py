"""Nominal coreference: "the minister", "his wife", "the company", "the government",
"the village", "the unions", each tied to the most salient actor of a fitting kind.

A nominal with nothing before it to refer to may be an actor of its own ("the county
council", "Protesters").
"""
from __future__ import annotations

import re

from newsgraph.lexicon import table
from newsgraph.nlp.gazetteer import key
from newsgraph.stages.actors.coding import STATE_SECTORS, place_word_code, two_word_place
from newsgraph.stages.actors.draft import Draft, Workspace
from newsgraph.stages.actors.groups import group
from newsgraph.stages.actors.phrases import mention_phrase, skip_det
from newsgraph.stages.actors.words import DEFINITE, EXCLUSIVE_TITLES

CLASS_SECTORS = table("actors_sectors.json")["class_sectors"]


def nominal(ws: Workspace, tok) -> None:
    """Link the noun phrase headed by `tok`, by the kind of thing its head names."""
    lemma = tok.lemma_.lower()
    phrase = mention_phrase(tok)
    if phrase is None:
        return
    first = phrase[0].lower_
    possessor = ws.possessor(tok)
    definite = first in DEFINITE or possessor is not None or any(c.dep_ == "poss" for c in tok.children)
    plural = tok.tag_ in ("NNS", "NNPS")
    nom = ws.nom
    if re.search(r"\d+-year-old$", phrase.text.lower()) and first == "the":
        link_description(ws, phrase, tok, "year-old")
    elif lemma in nom.relational and possessor is not None and not plural:
        _link_relational(ws, phrase, tok, possessor)
    elif not definite:
        return
    elif (lemma in nom.group or tok.lower_ in nom.group) and (plural or lemma in ("couple", "team")) \
            and _link_group_nominal(ws, phrase, tok):
        return
    elif lemma in nom.state and not plural and _link_state_nominal(ws, phrase, tok, possessor):
        return
    elif lemma in nom.place and not plural and _link_place_nominal(ws, phrase, tok):
        return
    elif lemma in nom.org_class and not plural and _link_org_nominal(ws, phrase, tok, possessor):
        return
    elif (lemma in nom.person or ws.gaz.demonym_of(tok.text)) and tok.tag_ in ("NN", "NNP"):
        if first in DEFINITE or _country_of_possessor(ws, possessor):
            link_description(ws, phrase, tok, lemma)  # "the minister", "Norway's prime minister"


# ---- person descriptions: "the veteran party official", "his wife" -----
def link_description(ws: Workspace, chunk, tok, role: str) -> None:
    if any(t.ent_type_ == "PERSON" for t in chunk):
        return
    sent = ws.sent_of[tok.i]
    exclude = ws.possessor(tok) if role in ws.nom.relational else None
    best = _description_target(ws, chunk, sent, {exclude} | ws.clause_subjects(tok), role)
    if best is None:
        _office_holder(ws, chunk, tok, role)
        return
    ws.ref(chunk, "description", best, head_only=True)
    for t in chunk:
        code = ws.gaz.demonym_of(t.text) or ws.gaz.country_of(t.text) if t.text[:1].isupper() else None
        if code and not best.country and (t.i == chunk.root.i or t.head.i == chunk.root.i):
            best.country = code
    sector = ws.gaz.sector_of_role(chunk.root.lemma_.lower())
    if sector in STATE_SECTORS and not best.sector and role not in ws.nom.relational:
        best.sector = sector


def _office_holder(ws: Workspace, chunk, tok, role: str) -> None:
    """"the president of Ruritania", "the Danish ambassador", "Norway's prime minister" with
    no one named before to be: a person of their own, of that country (or body's country)."""
    held_by = _country_of_possessor(ws, ws.possessor(tok))
    if chunk[0].lower_ != "the" and not held_by or role not in ws.nom.person or not ws.gaz.sector_of_role(role):
        return
    body = next((ws.ref_key_at(g) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"), None)
    owner = ws.drafts.get(body) if body else None
    country = held_by or (owner.country if owner is not None and owner.type in ("GPE", "ORG") else None)
    modifiers = [t for t in chunk if t.i < tok.i and t.head.i == tok.i]  # "the Danish ambassador"
    codes = (two_word_place(ws.gaz, t) or place_word_code(ws.gaz, t.text) for t in modifiers)
    country = country or next((code for code in codes if code), None)
    if not country:
        return
    span = chunk[skip_det(chunk) - chunk.start:]
    draft = ws.draft(f"office:{role}:{country}:{key(span.text)}", span.text, "PERSON", span.start_char,
                     country=country, sector=ws.gaz.sector_of_role(role))
    draft.titles.add(role)
    ws.ref(chunk, "description", draft, head_only=True)


def _country_of_possessor(ws: Workspace, possessor: str | None) -> str | None:
    """The country of a place that owns a phrase ("Norway's" in "Norway's prime minister")."""
    owner = ws.drafts.get(possessor) if possessor else None
    return owner.country if owner is not None and owner.type == "GPE" else None


def _description_target(ws: Workspace, chunk, sent: int, exclude: set, role: str) -> Draft | None:
    country = None
    for t in chunk:
        known = ws.gaz.org(t.text)
        place = place_word_code(ws.gaz, t.text)
        country = country or place or (known.code if known else None)
    gender = ws.nom.gendered.get(role)
    best, best_score = None, 0.0
    for draft in ws.nearby(chunk.start_char, sent):  # salience 0 elsewhere
        if draft.type != "PERSON" or draft.key in exclude:
            continue
        if country and draft.country and draft.country != country:
            continue
        if country and not draft.country and draft.titles and role not in draft.titles:
            continue  # "the American ambassador" is not the prime minister named before
        if gender and draft.gender not in (None, gender):
            continue
        salience = ws.salience(draft, chunk.start_char, sent)
        if salience <= 0:
            continue
        if role in draft.titles:
            salience += 1.0
        elif draft.titles and role in EXCLUSIVE_TITLES:
            continue
        elif salience < 0.25:
            continue  # a role noun with no title to match reaches back three sentences at most
        if country and draft.country == country:
            salience += 0.8
        if salience > best_score:
            best, best_score = draft, salience
    return best


def _link_relational(ws: Workspace, chunk, tok, possessor: str) -> None:
    """"his wife", "her lawyer": another person, of the noun's gender, often named
    nearby (before or just after); family nouns favour the possessor's surname."""
    lemma = tok.lemma_.lower()
    gender = ws.nom.relational.get(lemma)
    owner = ws.drafts.get(possessor)
    sent = ws.sent_of[tok.i]
    best, best_score = None, 0.0
    for draft in ws.nearby(chunk.start_char, sent, ahead=True):  # _nearby is 0 elsewhere
        if draft.type != "PERSON" or draft.key == possessor or gender and draft.gender not in (None, gender):
            continue
        score = _nearby(ws, draft, chunk.start_char, sent)
        if score <= 0:
            continue
        if lemma in ws.nom.family and owner is not None and owner.family and draft.family == owner.family:
            score += 1.0
        if score > best_score:
            best, best_score = draft, score
    if best is None:
        return
    ws.ref(chunk, "description", best, head_only=True)
    best.gender = best.gender or gender


def _nearby(ws: Workspace, draft: Draft, pos: int, sent: int) -> float:
    """Salience that also looks a little ahead: relational nouns often come before the name."""
    score = ws.salience(draft, pos, sent)
    limit = ws.sent_chars[sent + 2] if 0 <= sent + 2 < len(ws.sent_chars) else len(ws.doc.text) + 1
    ahead = [r for r in ws.index.starting(draft.key, pos, limit)
             if 0 <= r.sent - sent <= 1 and r.via in ("name", "alias", "title")]
    if ahead:
        score = max(score, 0.8 / (1 + min(r.sent for r in ahead) - sent))
    return score


# ---- organisations, states, places and groups as nominals -------------
def _link_org_nominal(ws: Workspace, chunk, tok, possessor: str | None) -> bool:
    lemma = tok.lemma_.lower()
    classes = ws.nom.org_class.get(lemma, set())
    sent = ws.sent_of[tok.i]
    owner = ws.drafts.get(possessor) if possessor else None
    subjects = ws.clause_subjects(tok)
    best, best_score = None, 0.0
    for draft in ws.nearby(chunk.start_char, sent):  # salience 0 elsewhere
        if draft.type != "ORG" or draft.key == possessor or draft.key in subjects:
            continue
        fit = _org_fit(ws, draft, lemma, classes)
        if fit is None:
            continue
        salience = ws.salience(draft, chunk.start_char, sent)
        if salience <= 0:
            continue
        if owner is not None and _affiliated(owner, draft):
            fit += 1.0
        elif owner is not None and owner.type == "PERSON" and lemma not in draft.classes:
            continue  # "his office" is his own unless he is tied to that body
        elif owner is not None and owner.type == "GPE" and draft.country != owner.country:
            continue  # "Norway's parliament" is no agency of another country
        if salience + fit > best_score:
            best, best_score = draft, salience + fit
    if best is None:
        return _new_org_from_nominal(ws, chunk, tok)
    ws.ref(chunk, "description", best, head_only=True)
    best.classes.add(lemma)
    return True


def _new_org_from_nominal(ws: Workspace, chunk, tok) -> bool:
    """"the county council" with nothing before it to refer to: a body of its own."""
    modifiers = [t for t in chunk if t.head.i == tok.i and t.dep_ in ("compound", "amod") and t.i < tok.i]
    if chunk[0].lower_ != "the" or not modifiers or ws.in_quote(chunk.start_char) \
            or any(t.ent_type_ for t in chunk) or not ws.gaz.sector_of_role(tok.lemma_.lower()):
        return False
    span = chunk[1:]
    draft = ws.draft(f"org:{key(span.text)}", span.text, "ORG", span.start_char)
    draft.classes.update(t.lemma_.lower() for t in span)
    ws.ref(chunk, "description", draft, head_only=True)
    return True


def _org_fit(ws: Workspace, draft: Draft, lemma: str, classes: set[str]) -> float | None:
    if lemma in draft.classes:
        return 1.0
    known = set().union(*(ws.nom.org_class.get(w, set()) for w in draft.classes)) if draft.classes else set()
    if classes & known:
        return 0.6
    if not known:
        # an organisation of unknown kind may be called anything, but not what its sector
        # rules out: Amnesty International (CVL) is not "the police" (GOV)
        sectors = {CLASS_SECTORS.get(c) for c in classes} - {None}
        return None if draft.sector and sectors and draft.sector not in sectors else 0.0
    return None


def _affiliated(person: Draft, org: Draft) -> bool:
    """The organisation is named inside one of the person's descriptions or titles."""
    spans = [(r.start, r.end) for r in person.refs if r.via in ("title", "description")]
    return any(a <= r.start and r.end <= b for r in org.refs for a, b in spans)


def _link_state_nominal(ws: Workspace, chunk, tok, possessor: str | None) -> bool:
    """"the government", "his country", "the Punjab government"."""
    for t in chunk:  # a place named inside the phrase is the one meant
        if t.i != tok.i and (t.dep_ in ("compound", "amod", "poss")):
            inner = ws.ref_key_at(t)
            if inner and ws.drafts[inner].type == "GPE":
                ws.drafts[inner].governs = True
                ws.ref(chunk, "description", ws.drafts[inner], head_only=True)
                return True
    owner = ws.drafts.get(possessor) if possessor else None
    if owner is not None and owner.type == "PERSON":
        if not owner.country:
            return False
        draft = ws.draft(f"country:{owner.country}", ws.gaz.country_names.get(owner.country, owner.country), "GPE",
                         chunk.start_char, country=owner.country)
        ws.ref(chunk, "description", draft, head_only=True)
        return True
    best = _governing_place(ws, chunk, tok, possessor)
    if best is None:
        return False
    ws.ref(chunk, "description", best, head_only=True)
    return True


def _governing_place(ws: Workspace, chunk, tok, possessor: str | None) -> Draft | None:
    """The salient country (or place spoken of as a government) "the government" means."""
    lemma = tok.lemma_.lower()
    sent = ws.sent_of[tok.i]
    best, best_score = None, 0.0
    governing = [k for k, d in ws.drafts.items() if d.governs]  # scored 0.3 with no salience
    subjects = ws.clause_subjects(tok)
    for draft in ws.nearby(chunk.start_char, sent, also=governing):  # the others score 0
        if draft.type != "GPE" or draft.key == possessor or draft.key in subjects:
            continue
        is_country = draft.key.startswith("country:")
        if not is_country and (lemma in ("country", "nation", "kingdom", "republic") or not draft.governs and lemma != "state"):
            continue
        score = ws.salience(draft, chunk.start_char, sent) + 0.3 * draft.governs
        if score > best_score and score > 0.05:
            best, best_score = draft, score
    return best


def _link_place_nominal(ws: Workspace, chunk, tok) -> bool:
    sent = ws.sent_of[tok.i]
    best, best_score = None, 0.0
    for draft in ws.nearby(chunk.start_char, sent):  # salience 0 elsewhere
        if draft.type != "GPE" or draft.key.startswith("country:"):
            continue
        score = ws.salience(draft, chunk.start_char, sent)
        if score > best_score:
            best, best_score = draft, score
    if best is None:
        return False
    ws.ref(chunk, "description", best, head_only=True)
    return True


def _link_group_nominal(ws: Workspace, chunk, tok) -> bool:
    lemma = tok.lemma_.lower()
    sent = ws.sent_of[tok.i]
    best, best_score = None, 0.0
    for draft in ws.nearby(chunk.start_char, sent):  # salience 0 elsewhere
        if draft.type != "GROUP":
            continue
        score = ws.salience(draft, chunk.start_char, sent)
        if score <= 0:
            continue
        if draft.key.split(":")[1] == lemma:
            score += 1.0
        elif sent - max(r.sent for r in draft.refs if r.end <= chunk.start_char) > 2:
            continue
        if score > best_score:
            best, best_score = draft, score
    if best is None:
        if tok.tag_ in ("NNS", "NNPS") and not ws.in_quote(chunk.start_char):
            group(ws, chunk)
            return True
        return False
    ws.ref(chunk, "description", best, head_only=True).number = "pl"
    return True
