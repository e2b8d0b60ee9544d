"""Counts read as English: "1 contact", never "1 contacts" or "contact(s)"."""

from __future__ import annotations

from followup_gui.ui.common.counts import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    one, many = "Imported 1 contact to {p}.", "Imported {n} contacts to {p}."
    assert counted(1, one, many, p="a.vcf") == "Imported 1 contact to a.vcf."
    assert counted(0, one, many, p="a.vcf") == "Imported 0 contacts to a.vcf."
    assert counted(3, one, many, p="a.vcf") == "Imported 3 contacts to a.vcf."


def test_no_message_of_the_app_writes_a_plural_in_brackets() -> None:
    """No "card(s)", "contact(s)", "match(es)" in any string of the package (docstrings aside)."""
    import ast
    import re
    from pathlib import Path

    import followup_gui

    package = Path(followup_gui.__file__).parent
    bracketed = re.compile(r"\w\((s|es|ies)\)")
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        found += [
            f"{path.relative_to(package)}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and bracketed.search(node.value)
        ]
    assert found == []
