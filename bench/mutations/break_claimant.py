"""Mutation: a fact check's claimant points at no actor of the record (the claimant test must fail)."""
from newsgraph.stages import claims

claims._claimant = lambda doc, sent, at: "a-nobody"
