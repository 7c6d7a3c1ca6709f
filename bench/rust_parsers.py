"""Rust-backed YAML parsers against libyaml, on a bench tree: time, and whether they read the files alike.

    python bench/rust_parsers.py bench/trees/large/plans [--runs 5]

Run it with an interpreter that has PyYAML and any of yaml-rs, ryaml, pyyaml-rs installed (they are
not dagov's dependencies: a scratch venv does, `pip install pyyaml yaml-rs ryaml pyyaml-rs`). Each
parser reads every YAML file of the tree, in one process, best of --runs; libyaml's C loader is the
reference twice: composing nodes (what dagov's loader does: nodes keep lines and columns) and loading
data (what the Rust parsers give: data without positions). "Differs" counts the files whose data is
not what PyYAML's safe loader gives (YAML 1.2 reads `no` as text and leaves dates as strings).
Results: bench/levers.md, "Rust-backed YAML parsers".
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import time
from collections.abc import Callable
from typing import Any


def files_of(root: str) -> list[bytes]:
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(".yaml"):
                with open(os.path.join(folder, name), "rb") as fh:
                    found.append(fh.read())
    return found


def parsers() -> dict[str, Callable[[str], Any]]:
    import yaml

    found: dict[str, Callable[[str], Any]] = {
        "libyaml compose (dagov's reference: nodes with positions)": lambda text: yaml.compose(text, Loader=yaml.CSafeLoader),
        "libyaml safe_load (data)": lambda text: yaml.load(text, Loader=yaml.CSafeLoader),
    }
    for module, call in (("yaml_rs", "loads"), ("ryaml", "loads"), ("pyyaml_rs", "safe_load")):
        try:
            found[f"{module}.{call}"] = getattr(importlib.import_module(module), call)
        except ImportError:
            print(f"{module}: not installed", file=sys.stderr)
    return found


def best(parse: Callable[[str], Any], texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        for text in texts:
            parse(text)
        times.append(time.perf_counter() - start)
        gc.enable()
    return min(times)


def differing(parse: Callable[[str], Any], texts: list[str], reference: list[Any]) -> tuple[int, str]:
    count, example = 0, ""
    for text, expected in zip(texts, reference, strict=True):
        try:
            got = parse(text)
        except Exception as err:  # a parser that refuses a file PyYAML reads
            got = f"<{type(err).__name__}: {err}>"
        if got != expected:
            count += 1
            if not example:
                example = _first_difference(expected, got)
    return count, example


def _first_difference(expected: Any, got: Any, path: str = "") -> str:
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in expected:
            if key not in got:
                return f"{path}/{key}: missing"
            if expected[key] != got[key]:
                return _first_difference(expected[key], got[key], f"{path}/{key}")
    if isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        for i, (a, b) in enumerate(zip(expected, got, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}/{i}")
    return f"{path or '/'}: PyYAML {expected!r:.60} ({type(expected).__name__}), this {got!r:.60} ({type(got).__name__})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("plans")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import yaml

    texts = [data.decode("utf-8") for data in files_of(args.plans)]
    reference = [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts]
    print(f"{len(texts):,} files, {sum(map(len, texts)) / 1e6:.1f} MB; best of {args.runs}\n")
    print("| parser | seconds | x libyaml compose | files read differently from PyYAML |")
    print("|---|---:|---:|---|")
    compose = None
    for name, parse in parsers().items():
        seconds = best(parse, texts, args.runs)
        compose = compose or seconds
        count, example = (0, "") if "compose" in name else differing(parse, texts, reference)
        note = f"{count:,}" + (f" (first: {example})" if example else "")
        print(f"| {name} | {seconds:.3f} | {seconds / compose:.2f}x | {'n/a (nodes)' if 'compose' in name else note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
