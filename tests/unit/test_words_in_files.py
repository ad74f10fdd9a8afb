"""Every word a user reads lives in the flows' text files (system texts in flows/system/), so a
coach can edit them and the reworded-copy test covers them: no sentence in the core's Python.

A literal counts as a sentence for a user when it has three words or more and reads like text
(a capital followed by small letters, sentence punctuation or an emoji). Not counted: docstrings,
log lines and exception messages (for developers and operators), the load checks' reports and
the Mermaid diagrams (developer tools), what a model is asked to extract (`FieldSpec`
descriptions, beside the prompts) and the reasons a reminder was skipped (operator codes)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

CORE = Path(__file__).parents[2] / "src" / "bobby_core"
SENTENCE = re.compile(r"(?=(?:\S+\s+){2}\S)(?=.*(?:[A-Z][a-z]|[.!?]|[\u2600-\U0001faff]))", re.S)
DEVELOPER_TOOLS = frozenset({"engine/checks.py", "engine/graph.py"})
NOT_FOR_USERS = frozenset({"debug", "info", "warning", "error", "exception", "critical",
                           "skip", "FieldSpec"})
"""Calls whose text goes to a log, an operator's listing or a model, never to a user."""


def _called(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    """The name of the call the literal is an argument of, through f-strings and `+`."""
    parent = parents.get(node)
    while isinstance(parent, ast.JoinedStr | ast.BinOp | ast.FormattedValue | ast.keyword):
        parent = parents.get(parent)
    if not isinstance(parent, ast.Call):
        return ""
    if isinstance(parents.get(parent), ast.Raise):
        return "raise"
    func = parent.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def sentences_in(path: Path, root: Path = CORE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    documented = {node.value for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if node in documented or not SENTENCE.match(node.value):
            continue
        called = _called(node, parents)
        if called in NOT_FOR_USERS or called in {"raise", "__init__"} \
                or called.endswith(("Error", "Exception")):  # what an error says
            continue
        found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_sentence_a_user_reads_is_written_in_the_cores_python() -> None:
    found = [line for path in sorted(CORE.rglob("*.py"))
             if str(path.relative_to(CORE)) not in DEVELOPER_TOOLS
             for line in sentences_in(path)]
    assert found == [], "move these to the flows' text files:\n" + "\n".join(found)


def test_the_check_finds_a_sentence_left_in_python(tmp_path: Path) -> None:
    module = tmp_path / "policy.py"
    module.write_text('"""Docs are fine."""\nimport logging\nlog = logging.getLogger(__name__)\n'
                      'REPLY = "Sorry, I need a moment."\nlog.warning("A log line is fine.")\n'
                      'WORDS = ("hi bobby", "stop all")\n')
    assert [line.split(": ", 1)[1] for line in sentences_in(module, tmp_path)] == [
        "'Sorry, I need a moment.'"]
