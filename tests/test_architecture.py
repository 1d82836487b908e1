"""The layout keeps its promises: small modules, no import circles, no private imports,
rules as data, and one pipeline whose order is checked when it is built."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from newsgraph.pipeline import DEFAULT_STAGES, Pipeline, PipelineError, stage

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsgraph"
MAX_LINES = 500
MAX_TOP_LEVEL_MODULES = 10
MAX_INLINE_WORDS = 5


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import, at any depth of the file."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.append((base, [alias.name for alias in node.names]))
    return out


def internal_graph() -> dict[str, set[str]]:
    mods = modules()
    graph = {name: set() for name in mods}
    for name, path in mods.items():
        for target, names in imports_of(name, path):
            submodules = {f"{target}.{n}" for n in names} & mods.keys()
            graph[name] |= submodules  # "from newsgraph.store import sqlite" imports that module
            if target in mods and (len(submodules) < len(names) or not names):
                graph[name].add(target)
    return graph


def test_no_module_is_over_the_size_limit():
    big = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert big == {}


def test_few_top_level_modules():
    top = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, sorted(top)


def test_no_import_circle():
    graph = internal_graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            assert cycle is None, " -> ".join(cycle)


def test_no_module_imports_another_modules_private_names():
    mods = modules()
    leaks = []
    for name, path in mods.items():
        for target, names in imports_of(name, path):
            if target.startswith("newsgraph") and target != name:
                leaks += [f"{name} takes {target}.{n}" for n in names if n.startswith("_") and n != "__version__"]
    assert leaks == []


def _word_list(node: ast.AST) -> int:
    """How many string literals a set/list/tuple literal holds (0 when it is not all strings)."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)) and node.elts:
        if all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            return len(node.elts)
    return 0


def test_stage_modules_define_no_word_lists():
    """Rules are data: no list of more than five words is spelled out in a stage module."""
    found = []
    for path in (PACKAGE / "stages").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (n := _word_list(node)) > MAX_INLINE_WORDS:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} ({n} words)")
    assert found == []


def _noop(doc, options):
    return None


def test_a_stage_with_a_missing_prerequisite_is_refused_when_the_pipeline_is_built():
    needs_events = stage("summary", _noop, requires=["events"], provides=["summary"])
    before_events = list(DEFAULT_STAGES)
    before_events.insert(3, needs_events)  # after parse, before actors/quotes/events
    with pytest.raises(PipelineError, match="summary.*requires events"):
        Pipeline(before_events)
    Pipeline(list(DEFAULT_STAGES) + [needs_events])  # after events it is fine


def test_a_stage_can_be_swapped_without_patching():
    calls = []

    def quiet_claims(doc, options):
        calls.append(doc.source.ref)

    swapped = Pipeline().replace("claims", stage("claims", quiet_claims, requires=["nlp"],
                                                 provides=["fact_checks", "loaded_language"]))
    from newsgraph.ingest.files import document_from_string

    doc = swapped.run(document_from_string("The council said on Monday it would meet.", ref="t1"))
    assert calls == ["t1"] and doc.actors is not None
    with pytest.raises(PipelineError):
        Pipeline().replace("no-such-stage", DEFAULT_STAGES[0])


def test_a_bug_in_a_stage_is_one_stage_error_naming_the_stage():
    from newsgraph.errors import StageError
    from newsgraph.ingest.files import document_from_string

    def broken(doc, options):
        raise ZeroDivisionError("oops")

    pipeline = Pipeline().replace("claims", stage("claims", broken, requires=["nlp"], provides=["fact_checks"]))
    with pytest.raises(StageError, match=r"NG200 \[t2\]: claims: ZeroDivisionError: oops"):
        pipeline.run(document_from_string("The council said on Monday it would meet.", ref="t2"))
    [outcome] = list(pipeline.run_many([document_from_string("The council met.", ref="t3")]))
    assert isinstance(outcome, StageError) and "claims: ZeroDivisionError" in str(outcome)
