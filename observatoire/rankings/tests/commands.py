"""`observatoire rankings export` as the tests call it."""

import io

from django.core.management import call_command


def ranking_export(
    month: str,
    network: str,
    category: str,
    *options: str,
    fmt: str = "csv",
    stderr: io.StringIO | None = None,
) -> str:
    """The export's standard output; `options` are added to the command line (`-o FILE`,
    `--methodology v6`); its warnings go to `stderr` (discarded by default)."""
    out = io.StringIO()
    call_command(
        "rankings",
        "export",
        "--month",
        month,
        "--network",
        network,
        "--category",
        category,
        "--format",
        fmt,
        *options,
        stdout=out,
        stderr=stderr if stderr is not None else io.StringIO(),
    )
    return out.getvalue()
