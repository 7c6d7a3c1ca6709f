"""The report `dagov status` prints, kept in the parse cache between runs (dagov.cli.bare.report_status,
dagov.check.run.Remembered): asked again of unchanged files, on the same date, with the same options, it is
printed as it was, after every rule has run again; anything else and it is worked out afresh.

Each case compares what is printed with what a run without any cache prints.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dagov.cli import bare
from dagov.report import figures


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("DAGOV_NO_CACHE", raising=False)
    from dagov.plan import cache

    monkeypatch.setattr(cache, "_switched_off", False)  # an earlier `dagov --no-cache` run in this process
    return home


@pytest.fixture
def worked_out(monkeypatch) -> list[dt.date]:
    """The dates each report was worked out for (figures.report called), in order."""
    dates: list[dt.date] = []
    real = figures.report

    def counting(tree, date, **options):
        dates.append(date)
        return real(tree, date, **options)

    monkeypatch.setattr(figures, "report", counting)
    return dates


def status(plans: Path, **options) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `dagov status` run in process as the command line runs it."""
    out: list[str] = []
    err: list[str] = []

    def echo(text: str = "", nl: bool = True, err_: bool = False, **kwargs) -> None:
        (err if kwargs.get("err", err_) else out).append(text + ("\n" if nl else ""))

    code = bare.report_status(bare.StatusRequest(plans=str(plans), **options), echo)
    return code, "".join(out), "".join(err)


def without_cache(plans: Path, monkeypatch, **options) -> tuple[int, str, str]:
    with monkeypatch.context() as patch:
        patch.setenv("DAGOV_NO_CACHE", "1")
        return status(plans, **options)


JUNE = dt.date(2014, 6, 12)

OPTIONS = [
    {"as_of": JUNE},
    {"as_of": JUNE, "format": "json"},
    {"as_of": JUNE, "format": "markdown"},
    {"as_of": JUNE, "plan": "da-2014-2016"},
    {"as_of": JUNE, "area": "leadership", "format": "json"},
    {"as_of": JUNE, "owner": "Head of Public Protection"},
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: " ".join(f"{k}={v}" for k, v in o.items()))
def test_asked_again_it_prints_what_it_printed_without_working_it_out(example_copy, cache_home, worked_out,
                                                                     monkeypatch, options):
    expected = without_cache(example_copy, monkeypatch, **options)
    assert expected[1] and worked_out == [JUNE]
    assert status(example_copy, **options) == expected
    assert status(example_copy, **options) == expected
    assert worked_out == [JUNE, JUNE]  # without the cache, then once to keep it


def test_each_set_of_options_keeps_its_own(example_copy, cache_home, worked_out):
    for _ in range(2):
        for format in ("text", "json", "markdown"):
            status(example_copy, as_of=JUNE, format=format)
    assert len(worked_out) == 3


def test_another_date_or_a_changed_file_is_worked_out_afresh(example_copy, cache_home, worked_out, monkeypatch):
    status(example_copy, as_of=JUNE)
    later = dt.date(2014, 11, 30)
    assert status(example_copy, as_of=later) == without_cache(example_copy, monkeypatch, as_of=later)
    assert worked_out[-2:] == [later, later]
    r03 = example_copy / "da-2014" / "recommendations" / "R03.yaml"
    before = status(example_copy, as_of=later)
    r03.write_text(r03.read_text(encoding="utf-8").replace("title: ", "title: Retitled ", 1), encoding="utf-8")
    after = status(example_copy, as_of=later)
    assert after == without_cache(example_copy, monkeypatch, as_of=later) != before
    assert "Retitled" in after[1] and "Retitled" not in before[1]


def test_a_file_read_around_the_cache_means_nothing_is_kept(example_copy, cache_home, worked_out):
    big = example_copy / "da-2014" / "recommendations" / "R99.yaml"
    big.write_text("id: R99\n" + "# padding\n" * 230_000, encoding="utf-8")  # over 2 MB: too large to read
    first = status(example_copy, as_of=JUNE)
    assert first[0] == 1 and first[1].startswith("WARNING: 1 error in the plan files")
    assert status(example_copy, as_of=JUNE) == first
    assert worked_out == [JUNE, JUNE]


def test_plan_files_with_errors_keep_their_banner_and_exit_code(example_copy, cache_home, worked_out, monkeypatch):
    r03 = example_copy / "da-2014" / "recommendations" / "R03.yaml"
    r03.write_text(r03.read_text(encoding="utf-8").replace("status: ", "status: nonsense-", 1), encoding="utf-8")
    expected = without_cache(example_copy, monkeypatch, as_of=JUNE)
    assert expected[0] == 1 and expected[1].startswith("WARNING: 1 error in the plan files")
    assert expected[2].startswith("dagov: 1 error in the plan files: the figures cover only what could be read")
    assert status(example_copy, as_of=JUNE) == status(example_copy, as_of=JUNE) == expected


def test_an_unknown_name_is_a_usage_error_however_often_asked(example_copy, cache_home):
    from dagov.errors import UsageError

    status(example_copy, as_of=JUNE)
    for _ in range(2):
        with pytest.raises(UsageError):
            status(example_copy, as_of=JUNE, plan="no-such-plan")


def test_a_damaged_pack_is_never_trusted(example_copy, cache_home, worked_out, monkeypatch):
    expected = status(example_copy, as_of=JUNE)
    reports = [p for p in (cache_home / "dagov").rglob("*") if p.is_file() and p.stat().st_size > 0
               and p.parent.name != "class-code"]
    for pack in reports:
        blob = bytearray(pack.read_bytes())
        blob[len(blob) // 2] ^= 0x40
        pack.write_bytes(bytes(blob))
    assert status(example_copy, as_of=JUNE) == expected
    assert worked_out == [JUNE, JUNE]


def test_a_report_from_the_plans_as_recorded_is_never_kept(example_copy, cache_home, worked_out):
    first = status(example_copy, as_of=JUNE, recorded=True)
    assert status(example_copy, as_of=JUNE, recorded=True) == first
    assert worked_out == [JUNE, JUNE]
