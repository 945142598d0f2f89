"""Mutation testing of the modules that guard privacy, escaping, rules, intake, policy and the report.

Each module is mutated by mutmut in its own copy of the repository (build/mutation/<name>/) and run
only against the tests that concern it, so a module takes seconds to a few minutes, not a full suite
per mutant. Prints the kill rate per module and writes the surviving mutants, with their diff, to
bench/mutation-survivors.txt, which the next change can diff against; each survivor there is to be
either killed by a later test or explained as equivalent beside it.

    .venv/bin/python bench/mutation.py            # all modules (make mutation)
    .venv/bin/python bench/mutation.py pii rules  # some of them
    .venv/bin/python bench/mutation.py --no-run pii  # re-read the last run's results

Not part of `make test`: it is slow (the whole run is several minutes on two cores).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "build" / "mutation"
SURVIVORS = REPO / "bench" / "mutation-survivors.txt"
# Survivors no test can kill, each with why: mutant name -> reason (Chinese). Kept apart from the
# survivors file, which every run rewrites.
EQUIVALENT = REPO / "bench" / "mutation-equivalent.yml"
MUTMUT = Path(sys.executable).with_name("mutmut")

# name: (module, mutant-name patterns (mutmut's own names; None: every function), tests)
MODULES: dict[str, tuple[str, list[str] | None, list[str]]] = {
    "pii": ("converters/check/pii.py", None,
            ["site_tests/check/test_pii.py", "site_tests/check/test_pii_guards.py", "site_tests/read/test_contact_guard.py",
             "site_tests/check/test_pii_mutants.py", "site_tests/check/test_contact_rules_mutants.py"]),
    "escaping": ("converters/render/markdown.py",
                 ["converters.render.markdown.x_escape_*", "converters.render.markdown.x_render_image*",
                  "converters.render.markdown.x__trusted_mathml*"],
                 ["site_tests/render/test_render_markdown.py", "site_tests/render/test_escaping_mutants.py"]),
    "rules": ("converters/check/rules.py", None,
              ["site_tests/check/test_rules.py", "site_tests/check/test_rules_mutants.py",
               "site_tests/check/test_rules_messages_mutants.py"]),
    "names": ("converters/intake/names.py", None,
              ["site_tests/intake/test_intake.py", "site_tests/intake/test_names_mutants.py"]),
    "archives": ("converters/intake/archives.py", None,
                 ["site_tests/intake/test_intake.py", "site_tests/intake/test_archives_mutants.py"]),
    "policy": ("converters/read/policy.py", None,
               ["site_tests/read/test_forms.py", "site_tests/read/test_summary.py", "site_tests/check/test_pii_guards.py",
                "site_tests/read/test_policy_mutants.py"]),
    # The e2e report tests convert the sample inbox (seconds per mutant): the module's own fast tests here.
    "report": ("converters/render/report.py", None,
               ["site_tests/render/test_report_mutants.py"]),
}


def _copy_repo(dest: Path) -> None:
    """The tracked files only (as a fresh clone has them), so a run never sees local leftovers."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    names = subprocess.run(["git", "ls-files", "-z", "converters", "site_tests", "samples", "pyproject.toml",
                            "showcase.yml", "mkdocs.yml", "theme", "content", "package.json"],
                           cwd=REPO, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, names):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    if (REPO / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(REPO / "node_modules")


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


@dataclass
class Outcome:
    killed: int
    total: int
    equivalent: int
    blocks: list[str]

    @property
    def rate(self) -> float:
        """Killed among the mutants that a test can kill (equivalent ones set aside)."""
        return self.killed / max(self.total - self.equivalent, 1)


def run_module(name: str, fresh: bool = True, equivalent: dict[str, str] | None = None) -> Outcome:
    module, patterns, tests = MODULES[name]
    work = WORK / name
    if fresh:
        _prepare(work, module, tests, patterns)
    return _results(work, patterns, equivalent or {})


def _prepare(work: Path, module: str, tests: list[str], patterns: list[str] | None) -> None:
    _copy_repo(work)
    with (work / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[tool.mutmut]\n"
                 'source_paths = ["converters"]\n'
                 f"only_mutate = {_toml_list([module])}\n"
                 f"pytest_add_cli_args_test_selection = {_toml_list(tests)}\n"
                 'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
                 'also_copy = ["site_tests", "samples", "showcase.yml", "mkdocs.yml", "theme", "content"]\n')
    run = subprocess.run([str(MUTMUT), "run", *(patterns or [])], cwd=work, capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stdout[-3000:] + run.stderr[-3000:])
        raise SystemExit(f"mutmut 在 {work.name} 上失败（退出码 {run.returncode}）")


def _results(work: Path, patterns: list[str] | None, equivalent: dict[str, str]) -> Outcome:
    results = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=work, check=True,
                             capture_output=True, text=True).stdout
    statuses = dict(re.findall(r"^\s*(\S+): (.+)$", results, flags=re.M))
    if patterns:
        statuses = {m: s for m, s in statuses.items() if any(_match(m, p) for p in patterns)}
    survived = sorted(m for m, s in statuses.items() if s.strip() in ("survived", "no tests"))
    killed = sum(1 for s in statuses.values() if s.strip() in ("killed", "timeout", "segfault"))
    blocks = []
    for mutant in survived:
        diff = subprocess.run([str(MUTMUT), "show", mutant], cwd=work, capture_output=True, text=True).stdout
        changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        why = f"    # 等价：{equivalent[mutant]}\n" if mutant in equivalent else ""
        blocks.append(f"{mutant}\n{why}" + "".join(f"    {line}\n" for line in changed))
    same = sum(1 for m in survived if m in equivalent)
    return Outcome(killed, len(statuses), same, blocks)


def read_equivalent(path: Path = EQUIVALENT) -> dict[str, str]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                             for k, v in data.items()):
        raise SystemExit(f"{path.relative_to(REPO)}：应为“变异名: 等价的理由”的映射，每条都写明理由")
    return data


def earlier_sections(path: Path = SURVIVORS) -> tuple[dict[str, str], dict[str, str]]:
    """The table row and the section of each module in the last survivors file, to keep the
    modules that this run leaves out."""
    if not path.is_file():
        return {}, {}
    text = path.read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^(\w+)\s+converters/\S+\s+\d+/\d+.*$", text, flags=re.M)}
    sections = {m.group(1): m.group(0).rstrip("\n") + "\n"
                for m in re.finditer(r"^## (\w+) \(.*?(?=^## |\Z)", text, flags=re.M | re.S)}
    return rows, sections


def _match(name: str, pattern: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), name) is not None


def main(argv: list[str]) -> int:
    fresh = "--no-run" not in argv  # --no-run: only read the results of the last run in build/mutation/
    wanted = [a for a in argv if a != "--no-run"] or list(MODULES)
    unknown = [n for n in wanted if n not in MODULES]
    if unknown:
        print(f"未知的模块：{'、'.join(unknown)}；可选：{'、'.join(MODULES)}", file=sys.stderr)
        return 2
    if not MUTMUT.exists():
        print("缺少 mutmut：请先运行 .venv/bin/pip install -c requirements.lock -e '.[mutation]'", file=sys.stderr)
        return 2
    equivalent = read_equivalent()
    rows, sections = earlier_sections()
    total_killed = total = total_same = 0
    for name in wanted:
        started = time.monotonic()
        out = run_module(name, fresh, equivalent)
        seconds = time.monotonic() - started
        total_killed += out.killed
        total += out.total
        total_same += out.equivalent
        timing = f"  {seconds:6.0f} s" if fresh else ""
        rows[name] = (f"{name:<9} {MODULES[name][0]:<34} {out.killed:>4}/{out.total - out.equivalent:<4} "
                      f"{out.rate:6.1%}  （另有等价 {out.equivalent}）{timing}")
        sections[name] = (f"## {name} ({MODULES[name][0]}): {out.killed}/{out.total} killed, "
                          f"{out.equivalent} equivalent\n\n" + "\n".join(out.blocks))
    print("\n".join(rows[n] for n in wanted))
    print(f"{'合计':<7} {'':<34} {total_killed:>4}/{total - total_same:<4} "
          f"{total_killed / max(total - total_same, 1):6.1%}  （另有等价 {total_same}）")
    order = [n for n in MODULES if n in rows]
    missing = [n for n in MODULES if n not in rows]
    SURVIVORS.write_text(
        "# Surviving mutants of bench/mutation.py (make mutation); regenerate and diff after a change.\n"
        "# Each one is to be killed by a later test or explained as equivalent in bench/mutation-equivalent.yml\n"
        "# (shown below as “# 等价：…”). Rate = killed / (mutants − equivalent). Modules not in this run keep\n"
        "# their last figures.\n"
        + (f"# Never run: {', '.join(missing)}.\n" if missing else "")
        + "\n" + "\n".join(rows[n] for n in order) + "\n\n" + "\n".join(sections[n] for n in order if n in sections),
        encoding="utf-8")
    print(f"幸存变异已写入 {SURVIVORS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
