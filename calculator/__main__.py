"""Command line: ``python -m calculator estimate FILE`` and ``levels``.

FILE is the contract's JSON input, or a CSV of line items (the columns of
the page's CSV import) whose agreement comes from the options, so a partner
can run a customer's spreadsheet without a browser. Exit 0 on success, 2 on
bad input (the problems on stdout: JSON, or sentences with ``--format text``;
one line on stderr), 1 only for a bug.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from . import api
from .csvio import COLUMNS
from .text import chart_labels, render_errors, render_text, years_labels

# Options that set a field of the input (JSON or CSV), by field name.
AGREEMENT_OPTIONS = {
    "migration_date": "the date the licenses move (default: the input's, else today)",
    "anniversary_date": "an existing agreement's anniversary (a 1st of a month); none: a new agreement",
    "existing_points": "points the existing agreement earned this term",
    "current_level": "the agreement's level this term (new: its first term's)",
    "currency": "ISO 4217 code of the prices (default USD)",
}


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
    fmt = args.format or ("text" if sys.stdout.isatty() else "json")
    source, problems = _with_options(source, args)
    result = {"errors": problems} if problems else api.estimate_dict(source, levels, args.today)
    if "errors" in result:
        return _reject(result, fmt)
    if fmt == "svg" and args.chart == "levels":
        sys.stdout.write(api.chart_svg(source, json.dumps(chart_labels()), levels, args.today))
    elif fmt == "svg":
        sys.stdout.write(api.years_svg(source, json.dumps(years_labels(result)), levels, args.today) or "")
    else:
        sys.stdout.write(render_text(result) if fmt == "text" else api.dumps(result))
    return 0


def _with_options(source: bytes, args: argparse.Namespace) -> tuple[bytes | str, list]:
    """The input as the estimator takes it: a CSV's line items become sites,
    and each option given sets its field. Unchanged (the very bytes) when
    there is nothing to set, so the output is what the browser gets."""
    fields = {name: getattr(args, name) for name in (*AGREEMENT_OPTIONS, "horizon_years")}
    fields = {name: value for name, value in fields.items() if value is not None}
    if _is_csv(args):
        rows = json.loads(api.import_csv(source))
        if rows["errors"]:
            return source, rows["errors"]
        # A blank cell is a field not given, as in the page's form.
        sites = [{"name": site["name"],
                  "items": [{k: v for k, v in item.items() if v != ""} for item in site["items"]]}
                 for site in rows["sites"]]
        return json.dumps({"sites": sites} | fields), []
    if not fields:
        return source, []
    try:
        raw = api.decode(source)
    except api.InputError as exc:
        return source, [p.to_json() for p in exc.problems]
    if isinstance(raw, dict):
        raw = api.as_text(raw) | fields
    return json.dumps(raw), []


def _is_csv(args: argparse.Namespace) -> bool:
    return args.input == "csv" or (args.input is None and args.file.lower().endswith(".csv"))


def _reject(result: dict, fmt: str = "json") -> int:
    """Bad input: the problems on stdout (JSON, or sentences for text), a
    short line on stderr."""
    sys.stdout.write(render_errors(result) if fmt == "text" else api.dumps(result))
    print(render_errors(result).splitlines()[0], file=sys.stderr)
    return 2


def _levels(args: argparse.Namespace) -> int:
    try:
        levels = _read(args.levels) if args.levels else None
    except OSError as exc:
        print(f"calculator: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2
    result = api.levels_dict(levels)
    fmt = args.format or ("text" if sys.stdout.isatty() else "json")
    if "errors" in result:
        return _reject(result, fmt)
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
        description="Compare staying on Passport Advantage Express with moving to Passport Advantage: "
                    "the orders, points, levels and costs of the years ahead. The shipped level table has "
                    "IBM's thresholds and EXAMPLE discounts.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "estimate", help="estimate from a JSON input or a CSV of line items (see README)",
        description="Estimate from a JSON input or a CSV of line items ('-' for stdin).")
    run.add_argument("file", metavar="FILE", help="the JSON input or a .csv file, or - for standard input")
    run.add_argument("--input", choices=("json", "csv"),
                     help="what FILE holds (default: csv for a .csv name, else json); CSV columns: "
                          + ",".join(COLUMNS))
    run.add_argument("--years", dest="horizon_years", type=int, metavar="N",
                     help="compare over N years, 1 to 5 (default: the input's, else 3)")
    for name, help_text in AGREEMENT_OPTIONS.items():
        run.add_argument("--" + name.replace("_", "-"), dest=name, metavar="VALUE", help=help_text)
    run.add_argument("--format", choices=("json", "text", "svg"),
                     help="json (the contract), text (a summary; default on a terminal) "
                          "or svg (a chart, see --chart)")
    run.add_argument("--chart", choices=("years", "levels"), default="years",
                     help="with --format svg: the years ahead under each program (default) "
                          "or the level table with your position")
    run.add_argument("--levels", metavar="FILE", help="a level table (JSON) to use instead of the example")
    run.add_argument("--today", type=_iso_date, metavar="DATE",
                     help="the date to assume when the input has no migration_date (default: today)")
    run.set_defaults(run=_estimate)

    table = commands.add_parser(
        "levels", help="print the level table in use",
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
