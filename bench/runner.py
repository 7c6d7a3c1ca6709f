"""Time dagov's commands against the YAML-parse floor and a JSON Schema peer. Run it as `bench/run`.

Every measurement is a whole process: wall time from start to exit and the peak
resident memory the kernel reports for it (ru_maxrss). Each command runs
`--runs` times, alternating with its reference (the floor, or `import typer`
for the start-up rows), so that drift on a busy machine hits both alike; the
table shows median times and, as the ratio, the median of each run's ratio to the
reference run just before it.

The floor: start Python, import yaml, parse every YAML file of the tree with
libyaml's C loader (bench/floor.py). The peer: check-jsonschema validating the
tree's recommendation files (most of its bytes) against `dagov schema
recommendation` (schema checks only, no cross-file rules).

This process imports nothing but the standard library, and generates trees in a
child process: the kernel counts a child's memory before it starts the measured
program as part of that child's peak, so the runner itself must stay smaller
than anything it measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

BIN = Path(sys.executable).parent
DAGOV = str(BIN / "dagov")
PY = sys.executable
AS_OF = "2016-06-30"

# Targets from issue 8, as a ratio to the reference, per size.
TIME_TARGETS = {"small": 2.5, "medium": 1.5, "large": 1.3}
MEMORY_TARGET = 2.0
STARTUP_TARGET = 1.3
PEER_TARGET = 5.0  # dagov check at least this many times faster than the peer, medium and large


@dataclass
class Row:
    label: str
    argv: list[str] | None  # None: not available in this build
    reference: str = "floor"
    note: str = ""
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)  # KiB
    ref_times: list[float] = field(default_factory=list)
    ref_peaks: list[int] = field(default_factory=list)
    exit_codes: set[int] = field(default_factory=set)

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

    @property
    def memory_ratio(self) -> float | None:
        pairs = list(zip(self.peaks, self.ref_peaks, strict=False))
        return statistics.median(p / r for p, r in pairs) if pairs else None


class Spawner:
    """bench/spawn.py: a tiny process that starts each measured program (see its docstring for why)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([PY, "-S", str(HERE / "spawn.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def run(self, argv: list[str]) -> tuple[float, int, int]:
        """(wall seconds, peak KiB, exit code) of one process, its output discarded."""
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write("\0".join(argv) + "\n")
        self.proc.stdin.flush()
        wall, peak, code = self.proc.stdout.readline().split()
        return float(wall), int(peak), int(code)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


SPAWNER: Spawner | None = None


def run_once(argv: list[str]) -> tuple[float, int, int]:
    global SPAWNER
    if SPAWNER is None:
        SPAWNER = Spawner()
    return SPAWNER.run(argv)


def available(args: list[str]) -> bool:
    """Whether this build has a (sub)command: its --help exits 0."""
    return subprocess.run([DAGOV, *args, "--help"], capture_output=True).returncode == 0


def peer_argv(root: Path, workdir: Path) -> tuple[list[str] | None, str]:
    checker = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
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


def rows_for(root: Path, workdir: Path) -> list[Row]:
    tree = str(root)
    rows = [Row("floor (python + yaml.load CSafeLoader, every file)", [PY, str(HERE / "floor.py"), tree])]
    rows.append(Row("dagov check", [DAGOV, "check", tree]))
    have_status = available(["status"])
    rows.append(Row("dagov status", [DAGOV, "status", tree, "--as-of", AS_OF] if have_status else None))
    rows.append(Row("dagov status --format json",
                    [DAGOV, "status", tree, "--as-of", AS_OF, "--format", "json"] if have_status else None))
    render = [DAGOV, "render", "progress", tree, "--as-of", AS_OF]
    plans = sorted(p.parent.name for p in root.glob("*/plan.yaml")
                   if "\nstatus: active\n" in p.read_text(encoding="utf-8"))
    label = "dagov render progress"
    if len(plans) > 1:  # it renders one plan's report: the first active one, after loading the whole tree
        render += ["--plan", plans[0]]
        label += f" --plan {plans[0]}"
    rows.append(Row(label, render if available(["render", "progress"]) else None))
    argv, note = peer_argv(root, workdir)
    rows.append(Row("peer: check-jsonschema (schema only)", argv, note=note))
    return rows


def startup_rows() -> list[Row]:
    return [
        Row("import typer (reference)", [PY, "-c", "import typer"], reference="typer"),
        Row("python doing nothing (baseline)", [PY, "-c", "pass"], reference="typer"),
        Row("dagov --help", [DAGOV, "--help"], reference="typer"),
        Row("dagov --version", [DAGOV, "--version"], reference="typer"),
    ]


def measure(rows: list[Row], reference: Row, runs: int, progress: str) -> None:
    for row in rows:
        if row.argv is None:
            continue
        for i in range(runs):
            print(f"\r{progress}: {row.label} {i + 1}/{runs}   ", end="", file=sys.stderr, flush=True)
            ref_wall, ref_peak, _ = run_once(reference.argv)
            wall, peak, code = run_once(row.argv)
            row.ref_times.append(ref_wall)
            row.ref_peaks.append(ref_peak)
            row.times.append(wall)
            row.peaks.append(peak)
            row.exit_codes.add(code)
    print("\r" + " " * 100 + "\r", end="", file=sys.stderr)


def _collect_reference(rows: list[Row]) -> None:
    """The reference row's own figures: every run it made alternating with the others."""
    reference = rows[0]
    for row in rows[1:]:
        reference.times += row.ref_times
        reference.peaks += row.ref_peaks
    reference.exit_codes.add(0)


def _x(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _verdict(value: float | None, limit: float, above: bool = False) -> str:
    if value is None:
        return ""
    ok = value >= limit if above else value <= limit
    return f" {'ok' if ok else 'MISSED'} ({'>=' if above else '<='} {limit:g}x)"


def size_table(size: str, rows: list[Row], tree_note: str, larger: dict[str, Row] | None) -> list[str]:
    peer = next(r for r in rows if r.label.startswith("peer"))
    check_row = next(r for r in rows if r.label == "dagov check")
    lines = [f"### {size}: {tree_note}", "",
             "| command | wall s | x floor | x peer | peak MB | mem x floor | medium->large | exit |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        if row.argv is None:
            lines.append(f"| {row.label} | n/a | n/a | n/a | n/a | n/a | n/a | {row.note or 'not in this build'} |")
            continue
        is_floor = row.label.startswith("floor")
        ratio = 1.0 if is_floor else row.ratio
        vs_peer = row.wall / peer.wall if peer.wall and row is not peer else None
        growth = ""
        if larger is not None and row.label in larger and larger[row.label].wall and row.wall:
            growth = _x(larger[row.label].wall / row.wall)
        target = ""
        if row.label.startswith("dagov check") or row.label.startswith("dagov status"):
            target = _verdict(ratio, TIME_TARGETS[size])
        mem = 1.0 if is_floor else row.memory_ratio
        mem_target = _verdict(mem, MEMORY_TARGET) if row.label in ("dagov check", "dagov status") else ""
        codes = ",".join(str(c) for c in sorted(row.exit_codes))
        lines.append(f"| {row.label} | {_s(row.wall)} | {_x(ratio)}{target} | {_x(vs_peer)} | {_mb(row.peak)} | "
                     f"{_x(mem)}{mem_target} | {growth} | {codes} |")
    lines += ["", f"Peer: {peer.note}."]
    if peer.wall and check_row.wall and size in ("medium", "large"):
        lines += ["", f"dagov check is {peer.wall / check_row.wall:.1f}x faster than the peer"
                      f"{_verdict(peer.wall / check_row.wall, PEER_TARGET, above=True)}."]
    return [*lines, ""]


def startup_table(rows: list[Row]) -> list[str]:
    lines = ["### start-up (no tree)", "", "| command | wall s | x import typer | peak MB |", "|---|---:|---:|---:|"]
    for row in rows:
        ratio = 1.0 if row.reference == "typer" and row.label.startswith("import") else row.ratio
        target = "" if row.label.startswith("import") else _verdict(ratio, STARTUP_TARGET)
        lines.append(f"| {row.label} | {_s(row.wall)} | {_x(ratio)}{target} | {_mb(row.peak)} |")
    return [*lines, ""]


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
            "print(', '.join(v(n) for n in ('typer', 'PyYAML', 'check-jsonschema')) + "
            "', libyaml ' + ('yes' if yaml.__with_libyaml__ else 'NO'))")
    versions = subprocess.run([PY, "-c", code], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()} ({PY}), "
            f"{versions}; "
            f"commit {commit or '?'}, {dt.date.today().isoformat()}")


def tree_note(root: Path) -> str:
    files = list(root.rglob("*.yaml"))
    actions = sum(len(re.findall(r"^  - id: ", p.read_text(encoding="utf-8"), re.M))
                  for p in root.glob("*/recommendations/*.yaml"))
    plans = sum(1 for p in root.iterdir() if p.is_dir())
    mb = sum(p.stat().st_size for p in files) / 1e6
    return f"{plans} plan(s), {actions:,} actions, {len(files):,} files, {mb:.1f} MB"


def write_readme(report: str, readme: Path = HERE / "README.md") -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
    if start in text and end in text:
        text = text[: text.index(start) + len(start)] + "\n" + report + text[text.index(end):]
        readme.write_text(text, encoding="utf-8")


RESULTS = HERE / "results" / "latest.md"
"""Where a run's table goes: git-ignored (bench/.gitignore), so a run leaves the tracked files alone."""


def arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (median reported; default 5)")
    parser.add_argument("--sizes", default="small,medium,large", help="comma-separated sizes (default all three)")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"where to write the table (default {RESULTS.relative_to(HERE.parent)})")
    parser.add_argument("--update-readme", action="store_true",
                        help="also put the table into bench/README.md (for a run meant to be committed)")
    return parser.parse_args(argv)


def publish(report: str, out: Path, update_readme: bool, readme: Path = HERE / "README.md") -> None:
    """The table to `out`, and into the tracked README only when asked: a trial run must not dirty the tree."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(f"written to {out}", file=sys.stderr)
    if update_readme:
        write_readme(report, readme)
        print(f"and put into {readme}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    args = arguments(parser, argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size not in TIME_TARGETS:
            parser.error(f"unknown size {size!r}; use small, medium, large")

    sections = [f"Machine: {machine()}", "", f"Median of {args.runs} runs, each alternating with its reference "
                f"(ratios: median of each run over the reference run before it); "
                f"status and render with --as-of {AS_OF}.", ""]
    compile_dagov()
    startup = startup_rows()
    measure(startup[1:], startup[0], args.runs, "start-up")
    _collect_reference(startup)
    sections += startup_table(startup)

    measured: dict[str, list[Row]] = {}
    with tempfile.TemporaryDirectory(prefix="dagov-bench-") as tmp:
        for size in sizes:
            subprocess.run([PY, str(HERE / "generate.py"), size], check=True, stdout=subprocess.DEVNULL)
            root = HERE / "trees" / size / "plans"
            rows = rows_for(root, Path(tmp))
            measure(rows[1:], rows[0], args.runs, size)
            _collect_reference(rows)
            measured[size] = rows
            sections.append((size, root))
    # medium's growth column needs large's numbers: render the tables last.
    body = []
    for item in sections:
        if isinstance(item, tuple):
            size, root = item
            larger = {r.label: r for r in measured["large"]} if size == "medium" and "large" in measured else None
            body += size_table(size, measured[size], tree_note(root), larger)
        else:
            body.append(item)
    report = "\n".join(body).rstrip() + "\n"
    print(report)
    publish(report, args.out, args.update_readme)
    if SPAWNER is not None:
        SPAWNER.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
