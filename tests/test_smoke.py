from typer.testing import CliRunner

from dagov.cli import app


def test_valid_tree_checks_clean(tree_dir):
    root = tree_dir()
    result = CliRunner().invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 errors, 0 warnings in 5 files\n")
