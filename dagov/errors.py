"""The one error base: what the library raises for a person to read, with the exit code it means.

Library code raises and never prints or exits; the command line turns any DagovError into
`dagov: <message>` on stderr and its exit code, in one place (`dagov.cli.common.reporting_errors`,
wrapped round every command by `dagov.cli.app`, and for check and status run without
typer `dagov.cli.bare.without_typer`; both through `bare.error_line`). Each layer defines its own kinds under these
two, beside the code that raises them (as poetry-core does), so a command needs no try/except
of its own to report them.

Exit codes: 1 refused or failed (the message says why and what to do); 2 usage error (the
command line names something that is not there, or gives a value that cannot be used).
"""

from __future__ import annotations


class DagovError(Exception):
    """A problem the user must hear about; `message` is the line shown after 'dagov: '."""

    exit_code: int = 1

    @property
    def message(self) -> str:
        return str(self)


class UsageError(DagovError):
    """The command line asks for something that cannot be done as asked; shown on one line."""

    exit_code = 2
