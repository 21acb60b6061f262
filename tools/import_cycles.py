"""List import cycles among dutyroom.* modules.

Every import of a dutyroom module counts, module-level (TYPE_CHECKING included) or inside a function:
an import moved into a function still ties the two modules together, it only hides the cycle from
Python's loader.

Usage: python tools/import_cycles.py [PREFIX ...]   e.g. dutyroom.services dutyroom.reports
Prints each strongly connected component of size > 1 that touches a module under a PREFIX (edges
from function-level imports marked "(in function)"), then the function-level imports of dutyroom
modules, then imports that break the layering of DESIGN.md §4 (domain imports nothing from services,
store, reports or gui; reports import only domain, the services' records modules and each other).
Exit status 1 if any cycle or layering break was found. A parent package's __init__ is not counted as imported by its children: that
edge exists for every package and would make every package one big cycle.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(node: ast.ImportFrom, current: str, is_pkg: bool) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".")
    base = base if is_pkg else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(path: Path, modules: set[str]) -> tuple[set[str], list[tuple[int, str]]]:
    current = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    nested: list[tuple[int, str]] = []

    def targets(node: ast.AST) -> list[str]:
        found = []
        if isinstance(node, ast.Import):
            found = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = resolve(node, current, path.name == "__init__.py")
            found = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        return [t for t in found if t in modules and t != current]

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for t in targets(child):
                    if in_function:
                        nested.append((child.lineno, t))
                    else:
                        top.add(t)
            walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    walk(tree, False)
    return top, nested


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def layering_breaks(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    def records(m: str) -> bool:
        return m == "dutyroom.services.records" or (m.startswith("dutyroom.services.") and m.endswith(".records"))

    def allowed(source: str, target: str) -> bool:
        if source.startswith("dutyroom.domain"):
            return not target.startswith(("dutyroom.services", "dutyroom.store", "dutyroom.reports", "dutyroom.gui"))
        if source.startswith("dutyroom.reports"):
            return not target.startswith(("dutyroom.services", "dutyroom.store", "dutyroom.gui")) or records(target)
        if source.startswith(("dutyroom.services", "dutyroom.store")):
            return not target.startswith("dutyroom.gui")
        return True

    return sorted((m, t) for m, targets in graph.items() for t in targets if not allowed(m, t))


def main(prefixes: list[str]) -> int:
    files = sorted((ROOT / "dutyroom").rglob("*.py"))
    modules = {module_name(p) for p in files}
    graph: dict[str, set[str]] = {}
    inner: dict[str, set[str]] = {}
    nested_all: list[tuple[str, int, str]] = []
    for p in files:
        top, nested = imports(p, modules)
        graph[module_name(p)] = top | {t for _, t in nested}
        inner[module_name(p)] = {t for _, t in nested} - top
        nested_all += [(module_name(p), line, t) for line, t in nested]

    def wanted(m: str) -> bool:
        return not prefixes or any(m == p or m.startswith(p + ".") for p in prefixes)

    cycles = [c for c in strongly_connected(graph) if any(wanted(m) for m in c)]
    for comp in cycles:
        members = set(comp)
        print(f"cycle of {len(comp)} modules:")
        for m in comp:
            edges = [t + (" (in function)" if t in inner[m] else "") for t in sorted(graph[m] & members)]
            print(f"  {m} -> {', '.join(edges)}")
    print(f"{len(cycles)} cycle(s) among {', '.join(prefixes) or 'dutyroom'}")
    hidden = [(m, line, t) for m, line, t in nested_all if wanted(m)]
    if hidden:
        print("function-level imports of dutyroom modules:")
        for m, line, t in sorted(set(hidden)):
            print(f"  {m}:{line} imports {t}")
    breaks = [(m, t) for m, t in layering_breaks(graph) if wanted(m)]
    print(f"{len(breaks)} layering break(s)")
    for m, t in breaks:
        print(f"  {m} imports {t}")
    return 1 if cycles or breaks else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
