"""The data path is visible in the package: no stage imports a later one, and the speed machinery
(`runtime/`) enters only at the build entry (and the plugin, outside the package)."""

from __future__ import annotations

import ast

from tests.helpers import ROOT

PACKAGE = ROOT / "src" / "notes_normalizer"
# Data-path order; modules shared by every stage come first.
ORDER = ["model", "text", "language", "read", "fix", "split", "analyse", "merge", "knowledge", "site",
         "runtime", "build", "tools"]
SHARED = {"model", "text", "language"}
RUNTIME_USERS = {"build"}


def _stage(module: str) -> str:
    return module.split(".")[1]


def _imports() -> list[tuple[str, str, int]]:
    """(importing module, imported module, line) for every import of the package inside it."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("notes_normalizer."):
                found.append((module, node.module, node.lineno))
            elif isinstance(node, ast.ImportFrom) and node.level:
                raise AssertionError(f"{path}:{node.lineno}: relative import; the stages import absolutely")
    return found


def test_every_module_sits_in_a_stage():
    stray = [p.name for p in PACKAGE.glob("*.py") if p.stem not in ORDER and p.stem != "__init__"]
    stray += [p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name not in ORDER and p.name != "__pycache__"]
    assert not stray


def _against_the_path(imports: list[tuple[str, str, int]]) -> list[str]:
    return [f"{importer} imports {imported} (line {line})" for importer, imported, line in imports
            if ORDER.index(_stage(imported)) > ORDER.index(_stage(importer))
            and not (_stage(importer) in SHARED and _stage(imported) in SHARED)]


def _runtime_outside_the_build(imports: list[tuple[str, str, int]]) -> list[str]:
    return [f"{importer} imports {imported} (line {line})" for importer, imported, line in imports
            if _stage(imported) == "runtime" and _stage(importer) not in RUNTIME_USERS | {"runtime"}]


def test_no_stage_imports_a_later_one():
    assert not _against_the_path(_imports())


def test_the_speed_machinery_enters_only_at_the_build():
    assert not _runtime_outside_the_build(_imports())


def _site_reads_the_matcher(imports: list[tuple[str, str, int]]) -> list[str]:
    return [f"{importer} imports {imported} (line {line})" for importer, imported, line in imports
            if _stage(importer) == "site" and _stage(imported) == "merge"]


def test_the_site_reads_features_and_decisions_never_the_matcher():
    """What the site shows of questions comes from the analyse stage's features and the knowledge base's
    decisions: no page is written by asking the merge again."""
    assert not _site_reads_the_matcher(_imports())
    assert _site_reads_the_matcher([("notes_normalizer.site.crosslinks", "notes_normalizer.merge", 22)])


def test_the_checks_see_violations():
    imports = _imports()
    assert len(imports) > 100 and any(_stage(a) == "site" and _stage(b) == "fix" for a, b, _ in imports)
    assert _against_the_path([("notes_normalizer.fix.images", "notes_normalizer.site.site", 3)])
    assert not _against_the_path([("notes_normalizer.model", "notes_normalizer.text.code", 9)])
    assert _runtime_outside_the_build([("notes_normalizer.site.links", "notes_normalizer.runtime.parallel", 5)])


_LONGEST_MODULE, _LONGEST_FUNCTION = 400, 80


def _too_long(paths) -> list[str]:
    found = []
    for path in paths:
        text = path.read_text("utf-8")
        if text.count("\n") > _LONGEST_MODULE:
            found.append(f"{path.name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and \
                    node.end_lineno - node.lineno + 1 > _LONGEST_FUNCTION:
                found.append(f"{path.name}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")
    return found


def test_splitting_and_merging_stay_readable():
    """The product's centre stays in pieces a reader can hold: modules of at most 400 lines, functions of
    at most 80, in split/ and merge/."""
    assert not _too_long([*PACKAGE.glob("split/*.py"), *PACKAGE.glob("merge/*.py")])


def test_the_length_check_sees_long_functions_and_modules(tmp_path):
    long_function = tmp_path / "long_function.py"
    long_function.write_text("def f():\n" + "    x = 1\n" * 80, "utf-8")
    long_module = tmp_path / "long_module.py"
    long_module.write_text("x = 1\n" * 401, "utf-8")
    assert [f.split(":")[0] for f in _too_long([long_function, long_module])] == ["long_function.py", "long_module.py"]
