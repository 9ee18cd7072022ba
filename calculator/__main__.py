"""Command line: ``python -m calculator estimate FILE`` and ``levels``.

Exit 0 on success, 2 on bad input (errors JSON on stdout, one line on
stderr), 1 only for a bug.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from . import api
from .text import chart_labels, render_text


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except BrokenPipeError:
        return 0


def _estimate(args: argparse.Namespace) -> int:
    try:
        source = _read(args.file)
        levels = _read(args.levels) if args.levels else None
    except OSError as exc:
        print(f"calculator: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2
    result = api.estimate_dict(source, levels, args.today)
    if "errors" in result:
        return _reject(result)
    fmt = args.format or ("text" if sys.stdout.isatty() else "json")
    if fmt == "svg":
        sys.stdout.write(api.chart_svg(source, json.dumps(chart_labels()), levels, args.today))
    else:
        sys.stdout.write(render_text(result) if fmt == "text" else api.dumps(result))
    return 0


def _reject(result: dict) -> int:
    """Bad input: the errors JSON on stdout, one short line on stderr."""
    sys.stdout.write(api.dumps(result))
    print(render_text(result), file=sys.stderr)
    return 2


def _levels(args: argparse.Namespace) -> int:
    try:
        levels = _read(args.levels) if args.levels else None
    except OSError as exc:
        print(f"calculator: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2
    result = api.levels_dict(levels)
    if "errors" in result:
        return _reject(result)
    fmt = args.format or ("text" if sys.stdout.isatty() else "json")
    sys.stdout.write(render_text(result) if fmt == "text" else api.dumps(result))
    return 0


def _read(name: str) -> bytes:
    return sys.stdin.buffer.read(api.MAX_INPUT_BYTES + 1) if name == "-" else _read_file(Path(name))


def _read_file(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(api.MAX_INPUT_BYTES + 1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m calculator",
        description="Estimate the points, RSVP level and savings of moving Passport Advantage "
                    "Express licences to Passport Advantage. The shipped level table is an EXAMPLE.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("estimate", help="estimate from a JSON input (see README)",
                              description="Estimate from a JSON input file ('-' for stdin).")
    run.add_argument("file", metavar="FILE", help="the JSON input, or - for standard input")
    run.add_argument("--format", choices=("json", "text", "svg"),
                     help="json (the contract), text (a summary; default on a terminal) or svg (the level chart)")
    run.add_argument("--levels", metavar="FILE", help="a level table (JSON) to use instead of the example")
    run.add_argument("--today", type=_iso_date, metavar="DATE",
                     help="the date to assume when the input has no migration_date (default: today)")
    run.set_defaults(run=_estimate)

    table = commands.add_parser("levels", help="print the level table in use",
                                description="Print the level table in use (the shipped example unless --levels).")
    table.add_argument("--levels", metavar="FILE", help="a level table (JSON) to check and print")
    table.add_argument("--format", choices=("json", "text"), help="json or text (default on a terminal)")
    table.set_defaults(run=_levels)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


if __name__ == "__main__":
    sys.exit(main())
