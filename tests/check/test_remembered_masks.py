"""Messages masked for personal data, kept between runs in the parse cache (dagov.check.run.Remembered).

A second run on unchanged files finds the same cross-file findings again; their masking is kept under a
hash of all it depends on (the message, the texts found in its file, the settings), so it is done once.
Each case compares the findings with those of a run without any cache, where everything is masked afresh.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.trees import BASE, ORGANISATION, R01_FILE

from dagov.check import personal_data, run
from dagov.plan.cache import ParseCache

UNKNOWN_ROLE = ("    owner: trainer\n    due: 2014-04-30", "    owner: 07700-900123\n    due: 2014-04-30")
"""An action owned by a phone number: the unknown-role finding (a cross-file rule) quotes it."""


def planted(tree_dir, organisation: str = ORGANISATION) -> Path:
    old, new = UNKNOWN_ROLE
    assert old in BASE[R01_FILE]
    return tree_dir({R01_FILE: BASE[R01_FILE].replace(old, new), "organisation.yaml": organisation})


def messages(result: run.CheckResult, rule: str = "unknown-role") -> list[str]:
    return [f.message for f in result.findings if f.rule == rule]


def test_a_second_run_masks_nothing_again_and_finds_the_same(tree_dir, tmp_path: Path, monkeypatch):
    root = planted(tree_dir)
    fresh = run.check(root, cache=None)
    assert messages(fresh) and all("'077…'" in m and "900123" not in m for m in messages(fresh))
    first = run.check(root, cache=ParseCache(str(tmp_path / "cache")))
    calls = []
    real = personal_data.mask_in
    monkeypatch.setattr(personal_data, "mask_in", lambda *a: calls.append(a) or real(*a))
    second = run.check(root, cache=ParseCache(str(tmp_path / "cache")))
    assert first.findings == second.findings == fresh.findings
    assert calls == []  # every message of the second run was masked by the first


def test_with_no_cache_every_message_is_masked_each_time(tree_dir, monkeypatch):
    root = planted(tree_dir)
    calls: list[tuple] = []
    real = personal_data.mask_in
    monkeypatch.setattr(personal_data, "mask_in", lambda *a: calls.append(a) or real(*a))
    run.check(root, cache=None)
    once = len(calls)
    run.check(root, cache=None)
    assert once > 0 and len(calls) == 2 * once


def test_a_text_allowed_later_is_shown_in_full_the_next_run(tree_dir, tmp_path: Path):
    """The settings are among what a kept masking depends on: allowing the number unmasks it at once."""
    root = planted(tree_dir)
    masked = run.check(root, cache=ParseCache(str(tmp_path / "cache")))
    assert any("'077…'" in m for m in messages(masked))
    (root / "organisation.yaml").write_text(ORGANISATION + "  personal_data:\n    allow: ['07700-900123']\n")
    allowed = run.check(root, cache=ParseCache(str(tmp_path / "cache")))
    assert allowed.findings == run.check(root, cache=None).findings
    assert any("'07700-900123'" in m for m in messages(allowed))


@pytest.mark.parametrize("damage", ["flip", "cut", "empty"])
def test_a_damaged_pack_is_never_trusted(tree_dir, tmp_path: Path, damage: str):
    root = planted(tree_dir)
    run.check(root, cache=ParseCache(str(tmp_path / "cache")))
    packs = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.stat().st_size and p.parent.name != "class-code"]
    assert packs
    for pack in packs:
        blob = bytearray(pack.read_bytes())
        if damage == "flip":
            blob[len(blob) // 2] ^= 0x40
        elif damage == "cut":
            blob = blob[: len(blob) // 3]
        else:
            blob = bytearray()
        pack.write_bytes(bytes(blob))
    again = run.check(root, cache=ParseCache(str(tmp_path / "cache")))
    assert again.findings == run.check(root, cache=None).findings
    assert run.check(root, cache=ParseCache(str(tmp_path / "cache"))).findings == again.findings  # rebuilt whole
