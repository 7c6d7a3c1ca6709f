"""Time dagov's commands against the strict YAML-parse floor, cold and warm, and against peers. Run it as `bench/run`.

Every measurement is a whole process: wall time from start to exit and the peak
resident memory the kernel reports for it (ru_maxrss). Each command runs
`--runs` times, alternating with its reference (the floor, or `import typer`
for the start-up rows), so that drift on a busy machine hits both alike; the
table shows median times and, as the ratio, the median of each run's ratio to the
reference run just before it.

The floor (bench/floor.py): start the venv's Python, import yaml, parse every YAML
file of the tree with libyaml's C loader, keep nothing, cyclic garbage collector
off. Memory is compared with the same process holding every parsed document
until it exits (`floor.py --hold`), which is what any checker must keep.

dagov's parse cache: "cold" runs each get a cache folder of their own holding no
parsed file, only what any earlier run of this dagov leaves there (its compiled model
classes and code stamp; XDG_CACHE_HOME pointed at a fresh temporary folder), "warm" runs share one that
an untimed run of the same command filled first, and "off" runs set
DAGOV_NO_CACHE=1. No run ever reads or writes the user's own cache. Before dagov
has a cache, warm equals cold; the table says so.

Peers where installed: check-jsonschema validating the recommendation files
against `dagov schema recommendation` (schema checks only, no cross-file rules),
and yamllint with its relaxed preset on every file.

This process imports nothing but the standard library, and generates trees in a
child process: the kernel counts a child's memory before it starts the measured
program as part of that child's peak, so the processes that start measured
programs must stay smaller than anything they measure (bench/spawn.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

BIN = Path(sys.executable).parent
DAGOV = str(BIN / "dagov")
PY = sys.executable
AS_OF = "2016-06-30"

SIZES = ("small", "medium", "large", "huge")
# Targets from issue 19, as a ratio to the reference, per size.
TIME_TARGETS = {"small": 2.5, "medium": 1.5, "large": 1.3, "huge": 1.3}  # check and status cold; huge as large
WARM_TARGET = 0.5  # a second run on unchanged files, x the floor
WARM_SIZES = ("medium", "large", "huge")  # on small, starting Python alone is about half the floor
MEMORY_TARGET = 2.0  # status peak memory, x the held documents, every size
STARTUP_TARGET = 1.3  # --help and --version, x import typer
GROUPS = ("startup", "check", "status", "json", "render", "peers")

RESULTS = HERE / "results" / "latest.md"
"""Where a run's table goes (and its figures, as latest.json beside it): git-ignored (bench/.gitignore)."""

TREES = HERE / "trees"


@dataclass
class Row:
    key: str  # stable name in latest.json
    label: str
    argv: list[str] | None  # None: not available in this build (or not installed)
    group: str = ""
    cache: str = ""  # "cold", "warm", "off" (DAGOV_NO_CACHE=1), "one" (off, and DAGOV_NO_HELPER=1), or "" (not dagov)
    target: float | None = None  # the time ratio to meet
    memory_target: float | None = None  # the ratio to the held documents' peak to meet
    reference: str = "floor"
    note: str = ""
    runs: int = 0
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)  # KiB
    ref_times: list[float] = field(default_factory=list)
    ref_peaks: list[int] = field(default_factory=list)
    exit_codes: set[int] = field(default_factory=set)
    cache_files: int | None = None  # files the last run left in its cache folder
    cache_bytes: int | None = None
    memory_ratio: float | None = None  # set once the held documents are measured

    @property
    def wall(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def peak(self) -> float | None:
        return statistics.median(self.peaks) / 1024 if self.peaks else None

    @property
    def ratio(self) -> float | None:
        """Median of the ratios of each run to the reference run just before it: load on the machine cancels."""
        pairs = list(zip(self.times, self.ref_times, strict=False))
        return statistics.median(t / r for t, r in pairs) if pairs else None

    def as_json(self) -> dict[str, Any]:
        ratio = self.ratio
        return {
            "key": self.key, "label": self.label, "group": self.group, "cache": self.cache or None,
            "argv": self.argv, "available": self.argv is not None, "note": self.note, "runs": len(self.times),
            "wall_s": self.wall, "ratio": ratio, "reference": self.reference,
            "target": self.target, "target_ok": None if self.target is None or ratio is None else ratio <= self.target,
            "peak_mb": self.peak, "memory_ratio": self.memory_ratio, "memory_target": self.memory_target,
            "memory_ok": (None if self.memory_target is None or self.memory_ratio is None
                          else self.memory_ratio <= self.memory_target),
            "times_s": self.times, "peaks_kib": self.peaks, "ref_times_s": self.ref_times, "ref_peaks_kib": self.ref_peaks,
            "exit_codes": sorted(self.exit_codes), "cache_files": self.cache_files, "cache_bytes": self.cache_bytes,
        }


class Spawner:
    """bench/spawn.py: a tiny process that starts each measured program (see its docstring for why)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([PY, "-S", str(HERE / "spawn.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def run(self, argv: list[str], env: dict[str, str | None] | None = None) -> tuple[float, int, int]:
        """(wall seconds, peak KiB, exit code) of one process, its output discarded; env: variables to set (None: unset)."""
        assert self.proc.stdin and self.proc.stdout
        changes = [name if value is None else f"{name}={value}" for name, value in (env or {}).items()]
        self.proc.stdin.write("\0".join([str(len(changes)), *changes, *argv]) + "\n")
        self.proc.stdin.flush()
        wall, peak, code = self.proc.stdout.readline().split()
        return float(wall), int(peak), int(code)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


SPAWNER: Spawner | None = None


def run_once(argv: list[str], env: dict[str, str | None] | None = None) -> tuple[float, int, int]:
    global SPAWNER
    if SPAWNER is None:
        SPAWNER = Spawner()
    return SPAWNER.run(argv, env)


def available(args: list[str]) -> bool:
    """Whether this build has a (sub)command: its --help exits 0."""
    return subprocess.run([DAGOV, *args, "--help"], capture_output=True).returncode == 0


def _tool(name: str) -> str | None:
    return shutil.which(name, path=str(BIN)) or shutil.which(name)


def jsonschema_peer(root: Path, workdir: Path) -> tuple[list[str] | None, str]:
    checker = _tool("check-jsonschema")
    if checker is None:
        return None, "check-jsonschema not installed (pip install -r bench/requirements.txt)"
    path = workdir / "recommendation.schema.json"
    if available(["schema"]):
        schema = subprocess.run([DAGOV, "schema", "recommendation"], capture_output=True, text=True)
        if schema.returncode != 0:
            return None, f"`dagov schema recommendation` exited {schema.returncode}"
        path.write_text(schema.stdout, encoding="utf-8")
        source = "dagov schema recommendation"
    else:  # until `dagov schema` lands: the same definitions, exported by the library
        code = "import json; from dagov import format as f; print(json.dumps(f.RECOMMENDATION.json_schema()))"
        path.write_text(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout,
                        encoding="utf-8")
        source = "dagov.plan.format.RECOMMENDATION.json_schema() (no `dagov schema` in this build)"
    files = sorted(str(p) for p in root.glob("*/recommendations/*.yaml"))
    return [checker, "--schemafile", str(path), *files], f"{len(files)} recommendation files against {source}"


def yamllint_peer(root: Path) -> tuple[list[str] | None, str]:
    linter = _tool("yamllint")
    if linter is None:
        return None, "yamllint not installed (optional: pip install yamllint)"
    return [linter, "-d", "relaxed", "-f", "parsable", str(root)], "every file, the relaxed preset (syntax and layout only)"


def compile_dagov() -> str:
    """Compile dagov's modules, as pip does when it installs a package.

    An editable install, or PYTHONDONTWRITEBYTECODE (set on some machines and CI),
    would otherwise make every run compile dagov from source (~20 ms), a cost no
    installed copy has.
    """
    where = subprocess.run([PY, "-c", "import dagov, os; print(os.path.dirname(dagov.__file__))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([PY, "-m", "compileall", "-q", where], check=True, stdout=subprocess.DEVNULL)
    return where


def rows_for(size: str, root: Path, workdir: Path, only: set[str], peers: bool) -> list[Row]:
    """The floor first (the time reference), then the held documents (the memory reference), then what `only` selects."""
    tree = str(root)
    cold, warm = TIME_TARGETS[size], (WARM_TARGET if size in WARM_SIZES else None)
    rows = [Row("floor", "floor: python + yaml CSafeLoader, every file, keep nothing, gc off",
                [PY, str(HERE / "floor.py"), tree], group="floor")]
    if only & {"check", "status", "json", "render"}:
        rows.append(Row("held", "held documents: the floor keeping every document (floor.py --hold)",
                        [PY, str(HERE / "floor.py"), "--hold", tree], group="floor"))
    if "check" in only:
        check = [DAGOV, "check", tree]
        rows += [Row("check-cold", "dagov check", check, "check", "cold", cold),
                 Row("check-warm", "dagov check", check, "check", "warm", warm),
                 Row("check-off", "dagov check", check, "check", "off", cold),
                 Row("check-one", "dagov check", check, "check", "one")]  # no target: what the helper process saves
    have_status = available(["status"])
    status = [DAGOV, "status", tree, "--as-of", AS_OF] if have_status else None
    if "status" in only:
        rows += [Row("status-cold", "dagov status", status, "status", "cold", cold, MEMORY_TARGET),
                 Row("status-warm", "dagov status", status, "status", "warm", warm, MEMORY_TARGET)]
    if "json" in only:
        rows.append(Row("status-json", "dagov status --format json", status and [*status, "--format", "json"],
                        "json", "cold"))
    if "render" in only:
        render = [DAGOV, "render", "progress", tree, "--as-of", AS_OF]
        plans = sorted(p.parent.name for p in root.glob("*/plan.yaml")
                       if "\nstatus: active\n" in p.read_text(encoding="utf-8"))
        label = "dagov render progress"
        if len(plans) > 1:  # it renders one plan's report: the first active one, after loading the whole tree
            render += ["--plan", plans[0]]
            label += f" --plan {plans[0]}"
        rows.append(Row("render-progress", label, render if available(["render", "progress"]) else None, "render", "cold"))
    if "peers" in only:
        if peers:
            argv, note = jsonschema_peer(root, workdir)
            rows.append(Row("peer-check-jsonschema", "peer: check-jsonschema (schema only)", argv, "peers", note=note))
            argv, note = yamllint_peer(root)
            rows.append(Row("peer-yamllint", "peer: yamllint (relaxed)", argv, "peers", note=note))
        else:
            rows.append(Row("peers", "peers", None, "peers", note=f"not run on {size} (--peers-on-huge to include)"))
    return rows


def startup_rows() -> list[Row]:
    return [
        Row("import-typer", "import typer (reference)", [PY, "-c", "import typer"], "startup", reference="typer"),
        Row("python", "python doing nothing (baseline)", [PY, "-c", "pass"], "startup", reference="typer"),
        Row("help", "dagov --help", [DAGOV, "--help"], "startup", target=STARTUP_TARGET, reference="typer"),
        Row("version", "dagov --version", [DAGOV, "--version"], "startup", target=STARTUP_TARGET, reference="typer"),
    ]


def _cache_contents(folder: Path) -> tuple[int, int]:
    files = size = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            files += 1
            with suppress(OSError):
                size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


def _seed_without_files(seed: Path, fresh: Path) -> None:
    """Copy into `fresh` what a run of dagov leaves in its cache folder that is not about any plan file: the
    compiled dataclasses of the modules it imported and the code stamp (every entry of a parsed file, a
    masked message or a report left out)."""
    for kept in ("dagov/class-code", "dagov/parse-2/stamps"):
        if (seed / kept).is_dir():
            shutil.copytree(seed / kept, fresh / kept)


def measure(rows: list[Row], reference: Row, runs: int, progress: str, workdir: Path) -> None:
    """Each row `row.runs` (else `runs`) times, each run just after a run of the reference.

    The cache folder of each dagov run: cold, a new folder for that run alone
    (removed after it) holding no parsed file, only what an earlier run of the same
    command leaves whatever the files (the compiled dataclasses of the modules it
    imports and the code stamp, from an untimed run); warm, one folder per row, filled by an untimed run of the same
    command first; off, DAGOV_NO_CACHE=1 and a new empty folder (so a build that
    ignores the variable is seen writing into it).
    """
    assert reference.argv is not None
    for row in rows:
        if row.argv is None:
            continue
        count = row.runs or runs
        row.runs = count
        warm_dir = None
        seed = None
        if row.cache == "cold":  # the row's own command: each keeps the compiled classes of the modules it imports
            seed = Path(tempfile.mkdtemp(prefix="seed-", dir=workdir))
            run_once(row.argv, {"XDG_CACHE_HOME": str(seed)})
        if row.cache == "warm":
            warm_dir = Path(tempfile.mkdtemp(prefix=f"{row.key}-", dir=workdir))
            print(f"\r{progress}: {row.label} ({row.cache}) filling the cache   ", end="", file=sys.stderr, flush=True)
            run_once(row.argv, {"XDG_CACHE_HOME": str(warm_dir)})
            row.cache_files, row.cache_bytes = _cache_contents(warm_dir)
        for i in range(count):
            print(f"\r{progress}: {row.label}{f' ({row.cache})' if row.cache else ''} {i + 1}/{count}   ",
                  end="", file=sys.stderr, flush=True)
            env: dict[str, str | None] = {}
            fresh = None
            if row.cache in ("cold", "off", "one"):
                fresh = Path(tempfile.mkdtemp(prefix=f"{row.key}-", dir=workdir))
                env["XDG_CACHE_HOME"] = str(fresh)
                if row.cache == "cold" and seed is not None:
                    _seed_without_files(seed, fresh)
                if row.cache in ("off", "one"):
                    env["DAGOV_NO_CACHE"] = "1"
                if row.cache == "one":
                    env["DAGOV_NO_HELPER"] = "1"
            elif warm_dir is not None:
                env["XDG_CACHE_HOME"] = str(warm_dir)
            ref_wall, ref_peak, _ = run_once(reference.argv)
            wall, peak, code = run_once(row.argv, env)
            row.ref_times.append(ref_wall)
            row.ref_peaks.append(ref_peak)
            row.times.append(wall)
            row.peaks.append(peak)
            row.exit_codes.add(code)
            if fresh is not None:
                row.cache_files, row.cache_bytes = _cache_contents(fresh)
                shutil.rmtree(fresh, ignore_errors=True)
        if warm_dir is not None:
            shutil.rmtree(warm_dir, ignore_errors=True)
        if seed is not None:
            shutil.rmtree(seed, ignore_errors=True)
    print("\r" + " " * 100 + "\r", end="", file=sys.stderr)


def _collect_reference(rows: list[Row]) -> None:
    """The reference row's own figures: every run it made alternating with the others; then each row's memory ratio."""
    reference = rows[0]
    for row in rows[1:]:
        reference.times += row.ref_times
        reference.peaks += row.ref_peaks
    reference.exit_codes.add(0)
    held = next((r for r in rows if r.key == "held"), None)
    if held is not None and held.peaks:
        for row in rows:
            if row.peaks:
                row.memory_ratio = statistics.median(row.peaks) / statistics.median(held.peaks)


def _x(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _verdict(value: float | None, limit: float | None) -> str:
    if value is None or limit is None:
        return ""
    return f" {'ok' if value <= limit else 'MISSED'} (<= {limit:g}x)"


CACHE_WORDS = {"cold": "cold (no file cached)", "warm": "warm (unchanged files)", "off": "DAGOV_NO_CACHE=1",
               "one": "DAGOV_NO_CACHE=1, DAGOV_NO_HELPER=1 (one process)", "": ""}


def size_table(size: str, rows: list[Row], note: dict[str, Any], smaller: tuple[str, list[Row], float] | None) -> list[str]:
    """One size's table; `smaller`: the next smaller size measured, its rows and how many times larger this tree is."""
    growth_head = f"x {smaller[0]} (tree {smaller[2]:.1f}x)" if smaller else "growth"
    previous = {r.key: r for r in smaller[1]} if smaller else {}
    lines = [f"### {size}: {note['text']}", "",
             f"| command | cache | wall s | x floor | peak MB | x held documents | {growth_head} | exit |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        if row.argv is None:
            lines.append(f"| {row.label} | {CACHE_WORDS[row.cache]} | n/a | n/a | n/a | n/a | | {row.note or 'not in this build'} |")
            continue
        ratio = 1.0 if row.key == "floor" else row.ratio
        growth = ""
        before = previous[row.key].wall if row.key in previous else None
        if before and row.wall:
            growth = _x(row.wall / before)
        codes = ",".join(str(c) for c in sorted(row.exit_codes))
        lines.append(f"| {row.label} | {CACHE_WORDS[row.cache]} | {_s(row.wall)} | {_x(ratio)}{_verdict(ratio, row.target)} | "
                     f"{_mb(row.peak)} | {_x(row.memory_ratio)}{_verdict(row.memory_ratio, row.memory_target)} | {growth} | {codes} |")
    lines.append("")
    lines += [f"- {line}" for line in size_notes(size, rows)]
    return [*lines, ""]


def size_notes(size: str, rows: list[Row]) -> list[str]:
    by_key = {r.key: r for r in rows}
    notes = []
    warm = by_key.get("check-warm") or by_key.get("status-warm")
    if warm is not None and warm.argv is not None and warm.cache_files is not None:
        if warm.cache_files:
            notes.append(f"cache: the untimed first run left {warm.cache_files:,} files "
                         f"({(warm.cache_bytes or 0) / 1e6:.1f} MB) in its cache folder; warm runs read them.")
        else:
            notes.append("cache: this build wrote nothing into the cache folder, so warm is the same as cold.")
    for off in (by_key.get("check-off"), by_key.get("check-one")):
        if off is not None and off.cache_files:
            notes.append(f"DAGOV_NO_CACHE=1 was not obeyed: the run wrote {off.cache_files:,} files into its cache folder.")
    if size not in WARM_SIZES and warm is not None:
        notes.append(f"warm target (<= {WARM_TARGET:g}x the floor) not applied on {size}: starting Python alone is "
                     "about half of this floor.")
    check = by_key.get("check-cold")
    for peer in (r for r in rows if r.group == "peers"):
        if peer.argv is None:
            notes.append(f"{peer.label}: {peer.note}.")
            continue
        notes.append(f"{peer.label}: {peer.note}; exit {','.join(str(c) for c in sorted(peer.exit_codes))}.")
        if check is not None and check.wall and peer.wall:
            notes.append(f"{peer.label} takes {peer.wall / check.wall:.1f}x the time of dagov check (cold).")
    return notes


def startup_table(rows: list[Row]) -> list[str]:
    lines = ["### start-up (no tree)", "", "| command | wall s | x import typer | peak MB |", "|---|---:|---:|---:|"]
    for row in rows:
        ratio = 1.0 if row.key == "import-typer" else row.ratio
        lines.append(f"| {row.label} | {_s(row.wall)} | {_x(ratio)}{_verdict(ratio, row.target)} | {_mb(row.peak)} |")
    return [*lines, ""]


def targets(measured: dict[str, list[Row]], startup: list[Row] | None) -> list[dict[str, Any]]:
    """Every target of issue 19 that this run measured, with its verdict."""
    out = []
    for size, rows in measured.items():
        for row in rows:
            if row.target is not None and row.ratio is not None:
                out.append({"size": size, "key": row.key, "what": f"{row.label}, {CACHE_WORDS[row.cache]}",
                            "value": row.ratio, "limit": row.target, "of": "the floor", "ok": row.ratio <= row.target})
            if row.memory_target is not None and row.memory_ratio is not None:
                out.append({"size": size, "key": row.key + "-memory", "what": f"{row.label} peak memory, {row.cache}",
                            "value": row.memory_ratio, "limit": row.memory_target, "of": "the held documents",
                            "ok": row.memory_ratio <= row.memory_target})
    for row in startup or []:
        if row.target is not None and row.ratio is not None:
            out.append({"size": "start-up", "key": row.key, "what": row.label, "value": row.ratio,
                        "limit": row.target, "of": "import typer", "ok": row.ratio <= row.target})
    return out


def targets_table(found: list[dict[str, Any]], sizes: list[str]) -> list[str]:
    """One line per target, one column per size: the run at a glance."""
    if not found:
        return []
    columns = [s for s in ("start-up", *sizes) if any(t["size"] == s for t in found)]
    order = ["check-cold", "check-off", "status-cold", "check-warm", "status-warm", "status-cold-memory",
             "status-warm-memory", "help", "version"]
    keys: dict[str, str] = {}
    for t in sorted(found, key=lambda t: order.index(t["key"]) if t["key"] in order else len(order)):
        keys.setdefault(t["key"], f"{t['what']}, vs {t['of']}")
    lines = ["### targets (issue 19)", "", "| target | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for key, what in keys.items():
        cells = []
        for size in columns:
            hit = next((t for t in found if t["key"] == key and t["size"] == size), None)
            cells.append("" if hit is None else f"{hit['value']:.2f}x {'ok' if hit['ok'] else 'MISSED'} (<= {hit['limit']:g}x)")
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    missed = sum(1 for t in found if not t["ok"])
    lines += ["", f"{len(found) - missed} of {len(found)} targets met." if missed else f"All {len(found)} targets met.", ""]
    return lines


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    code = ("import importlib.metadata as m, yaml\n"
            "def v(name):\n"
            "    try:\n"
            "        return name + ' ' + m.version(name)\n"
            "    except m.PackageNotFoundError:\n"
            "        return name + ' not installed'\n"
            "print(', '.join(v(n) for n in ('dagov', 'typer', 'PyYAML', 'check-jsonschema', 'yamllint')) + "
            "', libyaml ' + ('yes' if yaml.__with_libyaml__ else 'NO'))")
    versions = subprocess.run([PY, "-c", code], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    load = ""
    with suppress(OSError):
        load = ", load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " at the start"
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()} ({PY}), "
            f"{versions}; commit {commit or '?'}, {dt.date.today().isoformat()}{load}")


def tree_note(root: Path) -> dict[str, Any]:
    files = list(root.rglob("*.yaml"))
    actions = sum(len(re.findall(r"^  - id: ", p.read_text(encoding="utf-8"), re.M))
                  for p in root.glob("*/recommendations/*.yaml"))
    plans = sum(1 for p in root.iterdir() if p.is_dir())
    mb = sum(p.stat().st_size for p in files) / 1e6
    return {"plans": plans, "actions": actions, "files": len(files), "mb": round(mb, 2),
            "text": f"{plans} plan(s), {actions:,} actions, {len(files):,} files, {mb:.1f} MB"}


def write_readme(report: str, readme: Path = HERE / "README.md") -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
    if start in text and end in text:
        text = text[: text.index(start) + len(start)] + "\n" + report + text[text.index(end):]
        readme.write_text(text, encoding="utf-8")


# Rough seconds on a quiet 2-core machine, for the estimate printed at the start:
# one floor run per size, each row's run as a multiple of it, generating a tree.
EST_FLOOR = {"small": 0.06, "medium": 0.25, "large": 2.2, "huge": 7.5}
EST_COST = {"held": 1.1, "check-cold": 2.0, "check-warm": 1.0, "check-off": 2.0, "check-one": 2.0, "status-cold": 1.6, "status-warm": 0.9,
            "status-json": 1.8, "render-progress": 2.4, "peer-check-jsonschema": 14.0, "peer-yamllint": 20.0}
EST_GENERATE = {"small": 2, "medium": 4, "large": 12, "huge": 40}
EST_STARTUP = 0.15  # one start-up row and its reference


def estimate(sizes: list[str], plan: dict[str, dict[str, int]], only: set[str], trees: Path) -> float:
    """Seconds the run should take: every timed run, its reference run, the warm fill runs, trees to generate."""
    total = 3 * EST_STARTUP * plan["startup"]["runs"] if "startup" in only else 0.0
    groups = {"held": "", "check-cold": "check", "check-warm": "check", "check-off": "check", "check-one": "check",
              "status-cold": "status",
              "status-warm": "status", "status-json": "json", "render-progress": "render",
              "peer-check-jsonschema": "peers", "peer-yamllint": "peers"}
    for size in sizes:
        floor = EST_FLOOR[size]
        for key, cost in EST_COST.items():
            group = groups[key]
            if group and group not in only:
                continue
            if key == "held" and not only & {"check", "status", "json", "render"}:
                continue
            if group == "peers":
                if not plan[size]["peers"]:
                    continue
                runs = plan[size]["peer_runs"]
            else:
                runs = plan[size]["runs"]
            total += runs * floor * (1 + cost) + (floor * cost if key.endswith("-warm") else 0)
        stamp = trees / size / "STAMP"
        if not stamp.exists():
            total += EST_GENERATE[size]
    return total


def arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (median reported; default 5)")
    parser.add_argument("--huge-runs", type=int, default=3,
                        help="runs on the huge tree (default 3, never more than --runs): one huge run takes ~7 s a command")
    parser.add_argument("--peer-runs", type=int, default=3, help="runs of each peer (default 3, never more than --runs)")
    parser.add_argument("--peers-on-huge", action="store_true", help="time the peers on the huge tree too (minutes a run)")
    parser.add_argument("--sizes", default=",".join(SIZES), help=f"comma-separated sizes (default {','.join(SIZES)})")
    parser.add_argument("--only", default=",".join(GROUPS),
                        help=f"comma-separated groups to measure (default all: {','.join(GROUPS)}); the floors always run")
    parser.add_argument("--trees", type=Path, default=TREES, help="where the generated trees are kept (default bench/trees)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help=f"where to write the table (default {RESULTS.relative_to(HERE.parent)}; the figures go beside it as .json)")
    parser.add_argument("--update-readme", action="store_true",
                        help="also put the table into bench/README.md (for a run meant to be committed)")
    return parser.parse_args(argv)


def publish(report: str, out: Path, update_readme: bool, readme: Path = HERE / "README.md",
            data: dict[str, Any] | None = None) -> None:
    """The table to `out` (the figures as JSON beside it), and into the tracked README only when asked."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    if data is not None:
        figures = out.with_suffix(".json")
        figures.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"written to {out} and {figures}", file=sys.stderr)
    else:
        print(f"written to {out}", file=sys.stderr)
    if update_readme:
        write_readme(report, readme)
        print(f"and put into {readme}", file=sys.stderr)


def generate(size: str, trees: Path) -> Path:
    """The tree of a size (generated in a child process, reused while bench/generate.py is unchanged)."""
    done = subprocess.run([PY, str(HERE / "generate.py"), size, "--out", str(trees / size)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"bench/run: generating the {size} tree failed")
    return trees / size / "plans"


@contextmanager
def isolated_cache(workdir: Path) -> Iterator[None]:
    """Every process this run starts uses a scratch cache folder, never the user's, and the cache is on.

    Rows that need a particular cache folder (cold, warm) name their own; the
    rest (floors, peers, the start-up rows, `--help` probes) get this one.
    """
    saved = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", "DAGOV_NO_CACHE", "DAGOV_NO_HELPER")}
    scratch = workdir / "scratch-cache"
    scratch.mkdir()
    os.environ["XDG_CACHE_HOME"] = str(scratch)
    os.environ.pop("DAGOV_NO_CACHE", None)
    os.environ.pop("DAGOV_NO_HELPER", None)  # a row that wants one process says so
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def main(argv: list[str] | None = None) -> int:
    global SPAWNER
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    args = arguments(parser, argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size not in SIZES:
            parser.error(f"unknown size {size!r}; use {', '.join(SIZES)}")
    only = {g.strip() for g in args.only.split(",") if g.strip()}
    for group in only:
        if group not in GROUPS:
            parser.error(f"unknown group {group!r} in --only; use {', '.join(GROUPS)}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not only - {"startup"}:
        sizes = []  # start-up only: no tree to generate or time
    plan: dict[str, dict[str, int]] = {"startup": {"runs": args.runs}}
    for size in sizes:
        runs = min(args.runs, args.huge_runs) if size == "huge" else args.runs
        plan[size] = {"runs": runs, "peer_runs": min(runs, args.peer_runs),
                      "peers": int(size != "huge" or args.peers_on_huge)}
    seconds = estimate(sizes, plan, only, args.trees)
    runs_text = ", ".join(f"{s} {plan[s]['runs']}" for s in sizes) or "no tree"
    peers_text = "" if "peers" not in only or not sizes else (
        f" (peers {min(args.runs, args.peer_runs)} at most{'' if args.peers_on_huge or 'huge' not in sizes else ', none on huge'})")
    print(f"bench/run: {', '.join(sorted(only))}; runs: {runs_text}{peers_text}; estimated "
          f"{max(1, round(seconds / 60))} min on a quiet 2-core machine (longer on a busy one)", file=sys.stderr)

    started = time.monotonic()
    huge_note = (f" ({plan['huge']['runs']} on huge, where each run of a command takes seconds)"
                 if "huge" in plan and plan["huge"]["runs"] != args.runs else "")
    header = [f"Machine: {machine()}", "",
              f"Median of {args.runs} runs{huge_note}, each alternating with its reference "
              f"(ratios: median of each run over the reference run before it); peers {min(args.runs, args.peer_runs)} "
              f"runs at most{'' if args.peers_on_huge else ', not on huge'}; status and render with --as-of {AS_OF}. "
              "Cold: each run with a cache folder of its own holding no parsed file (only the compiled classes "
              "an earlier run of the same command leaves); warm: a second run on unchanged files, "
              "the cache filled by an untimed run first. Memory: peak RSS over the held documents' "
              "(floor.py --hold).", ""]
    data: dict[str, Any] = {"machine": header[0].removeprefix("Machine: "), "python": PY, "runs": args.runs,
                            "plan": plan, "only": sorted(only), "as_of": AS_OF, "sizes": {}}
    measured: dict[str, list[Row]] = {}
    notes: dict[str, dict[str, Any]] = {}
    startup: list[Row] | None = None
    with tempfile.TemporaryDirectory(prefix="dagov-bench-") as tmp, isolated_cache(Path(tmp)):
        try:
            compile_dagov()
            if "startup" in only:
                startup = startup_rows()
                measure(startup[1:], startup[0], args.runs, "start-up", Path(tmp))
                _collect_reference(startup)
                data["startup"] = [r.as_json() for r in startup]
            for size in sizes:
                root = generate(size, args.trees)
                rows = rows_for(size, root, Path(tmp), only, bool(plan[size]["peers"]))
                for row in rows:
                    if row.group == "peers":
                        row.runs = plan[size]["peer_runs"]
                measure(rows[1:], rows[0], plan[size]["runs"], size, Path(tmp))
                _collect_reference(rows)
                measured[size] = rows
                notes[size] = tree_note(root)
                data["sizes"][size] = {"tree": notes[size], "runs": plan[size]["runs"], "rows": [r.as_json() for r in rows]}
        finally:
            if SPAWNER is not None:
                SPAWNER.close()
                SPAWNER = None
    found = targets(measured, startup)
    data["targets"] = found
    data["elapsed_s"] = round(time.monotonic() - started, 1)

    body = [*header, *targets_table(found, sizes)]
    if startup is not None:
        body += startup_table(startup)
    previous: tuple[str, list[Row], dict[str, Any]] | None = None
    for size in sizes:
        smaller = None
        if previous is not None and previous[2]["actions"]:
            smaller = (previous[0], previous[1], notes[size]["actions"] / previous[2]["actions"])
        body += size_table(size, measured[size], notes[size], smaller)
        previous = (size, measured[size], notes[size])
    body.append(f"The run took {data['elapsed_s'] / 60:.1f} min.")
    report = "\n".join(body).rstrip() + "\n"
    sys.stdout.write(report)
    publish(report, args.out, args.update_readme, data=data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
