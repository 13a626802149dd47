"""Mutation run: change the code in small ways and check that a test notices each change.

Not part of CI (it takes minutes). Run from the repository root:

    .venv/bin/python -m tests.mutation.run_mutants [--jobs 2] [--only wattelt/charts.py]

For each module below it makes every mutant one at a time (a comparison turned round, `and` for
`or`, a `not` dropped, a number off by one, True for False, + for -), runs the tests that cover
the module in a copy of the repository, and counts the mutant as killed when a test fails.
Mutants that cannot change behaviour are listed with a reason in equivalent.txt and left out of
the kill rate; lines that only hold presentation (sizes, margins, grid lines in charts.py) end in
"# presentation" and are not mutated. Survivors are printed with file, line and the changed line,
to write a test for.
"""
import argparse
import ast
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPY = ["wattelt", "tests", "templates", "static", "translations", "migrations", "setup.cfg", "babel.cfg"]
# Module → the test files that cover it, fastest and most direct first (the run stops at the first failure).
TARGETS = {
    "wattelt/policy/__init__.py": ["tests/test_policy.py"],
    "wattelt/policy/grants.py": ["tests/test_policy.py"],
    "wattelt/policy/subjects.py": ["tests/test_policy.py"],
    "wattelt/rounds/service.py": ["tests/test_rounds.py", "tests/test_api.py", "tests/test_progress.py"],
    "wattelt/rounds/scores.py": ["tests/test_scores.py", "tests/test_progress.py"],
    "wattelt/rounds/forms.py": ["tests/test_rounds.py"],
    "wattelt/rounds/routes.py": ["tests/test_rounds.py", "tests/test_policy.py"],
    "wattelt/rounds/api.py": ["tests/test_api.py", "tests/test_policy.py"],
    "wattelt/charts.py": ["tests/test_charts.py", "tests/test_progress.py"],
    "wattelt/progress/service.py": ["tests/test_progress.py", "tests/test_rounds.py"],
    "wattelt/progress/routes.py": ["tests/test_progress.py", "tests/test_policy.py"],
    "wattelt/plan/service.py": ["tests/test_plan.py", "tests/test_progress.py"],
    "wattelt/plan/routes.py": ["tests/test_plan.py", "tests/test_policy.py"],
}
SWAPS = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.And: ast.Or, ast.Or: ast.And, ast.Add: ast.Sub, ast.Sub: ast.Add,
}


@dataclass(frozen=True)
class Mutant:
    module: str
    line: int
    column: int
    kind: str
    source: str  # the whole mutated module

    @property
    def key(self) -> str:
        return f"{self.module}:{self.line}:{self.column}:{self.kind}"


class _Sites(ast.NodeVisitor):
    """Every place where one operator can make a mutant, outside docstrings and type hints."""

    def __init__(self):
        self.sites: list[tuple[ast.AST, str]] = []

    def visit_Compare(self, node):
        for i, op in enumerate(node.ops):
            if type(op) in SWAPS:
                self.sites.append((node, f"compare{i}:{type(op).__name__}->{SWAPS[type(op)].__name__}"))
        self.generic_visit(node)

    def visit_BoolOp(self, node):
        self.sites.append((node, f"boolop:{type(node.op).__name__}->{SWAPS[type(node.op)].__name__}"))
        self.generic_visit(node)

    def visit_BinOp(self, node):
        if type(node.op) in SWAPS:
            self.sites.append((node, f"binop:{type(node.op).__name__}->{SWAPS[type(node.op)].__name__}"))
        self.generic_visit(node)

    def visit_UnaryOp(self, node):
        if isinstance(node.op, ast.Not):
            self.sites.append((node, "drop-not"))
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, bool):
            self.sites.append((node, f"bool:{node.value}->{not node.value}"))
        elif isinstance(node.value, int):
            self.sites.append((node, f"number:{node.value}->{node.value + 1}"))

    def visit_FunctionDef(self, node):
        # Type hints and default values of parameters are not behaviour worth mutating here.
        for statement in _without_docstring(node.body):
            self.visit(statement)
        for decorator in node.decorator_list:
            self.visit(decorator)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        for statement in _without_docstring(node.body):
            self.visit(statement)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self.visit(node.value)

    def visit_Module(self, node):
        for statement in _without_docstring(node.body):
            self.visit(statement)


def _without_docstring(body):
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        return body[1:]
    return body


def _apply(node: ast.AST, kind: str) -> None:
    if kind.startswith("compare"):
        index = int(kind[len("compare"):kind.index(":")])
        node.ops[index] = SWAPS[type(node.ops[index])]()
    elif kind.startswith(("boolop", "binop")):
        node.op = SWAPS[type(node.op)]()
    elif kind.startswith("bool"):
        node.value = not node.value
    elif kind.startswith("number"):
        node.value = node.value + 1


class _DropNot(ast.NodeTransformer):
    def __init__(self, target):
        self.target = target

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        return node.operand if node is self.target else node


PRESENTATION = "# presentation"


def mutants_of(module: str) -> list[Mutant]:
    source = (ROOT / module).read_text()
    lines = source.splitlines()
    sites = _Sites()
    sites.visit(ast.parse(source))
    found = []
    for index, (node, kind) in enumerate(sites.sites):
        if lines[node.lineno - 1].rstrip().endswith(PRESENTATION):
            continue
        tree = ast.parse(source)  # a fresh tree per mutant; sites are found again in the same order
        fresh = _Sites()
        fresh.visit(tree)
        node, _ = fresh.sites[index]
        if kind == "drop-not":
            tree = _DropNot(node).visit(tree)
        else:
            _apply(node, kind)
        found.append(Mutant(module, node.lineno, node.col_offset, kind, ast.unparse(ast.fix_missing_locations(tree))))
    return found


def _worker_copy(base: Path, number: int) -> Path:
    target = base / f"worker{number}"
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    return target


def _run_tests(copy: Path, tests: list[str], timeout: int = 300) -> bool:
    """True when the tests pass in this copy."""
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not browser and not install", *tests],
            cwd=copy, env=env, capture_output=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


def _try(copy: Path, mutant: Mutant) -> bool:
    """True when a test kills the mutant."""
    path = copy / mutant.module
    original = path.read_text()
    path.write_text(mutant.source)
    try:
        return not _run_tests(copy, TARGETS[mutant.module])
    finally:
        path.write_text(original)


def equivalents() -> dict[str, str]:
    listed = {}
    path = Path(__file__).with_name("equivalent.txt")
    for line in path.read_text().splitlines() if path.exists() else []:
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition(" ")
            listed[key] = reason.strip()
    return listed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", action="append", help="a module path from TARGETS; may be repeated")
    args = parser.parse_args()
    modules = args.only or list(TARGETS)
    mutants = [m for module in modules for m in mutants_of(module)]
    known = equivalents()
    with tempfile.TemporaryDirectory(prefix="wattelt-mutants-") as folder:
        copies = [_worker_copy(Path(folder), n) for n in range(args.jobs)]
        assert all(_run_tests(copies[0], TARGETS[m]) for m in modules), "the tests fail without mutants"
        free = list(copies)
        results: dict[str, bool] = {}

        def run(mutant):
            copy = free.pop()
            try:
                return mutant, _try(copy, mutant)
            finally:
                free.append(copy)

        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for mutant, killed in pool.map(run, mutants):
                results[mutant.key] = killed
                print(f"{'killed  ' if killed else 'SURVIVED'} {mutant.key}", flush=True)
    survivors = [m for m in mutants if not results[m.key] and m.key not in known]
    counted = [m for m in mutants if m.key not in known]
    killed = len(counted) - len(survivors)
    print(f"\n{len(mutants)} mutants, {len(mutants) - len(counted)} listed as equivalent, "
          f"{killed} of {len(counted)} killed: {100 * killed / max(len(counted), 1):.1f}%")
    for mutant in survivors:
        line = (ROOT / mutant.module).read_text().splitlines()[mutant.line - 1].strip()
        print(f"  survived {mutant.key}   {line}")
    stale = set(known) - {m.key for m in mutants}
    if stale:
        print(f"  equivalent.txt names {len(stale)} mutants that no longer exist: {sorted(stale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
