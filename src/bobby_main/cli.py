"""`bobby`: the operator's command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bobby_main.chat import run_chat
from bobby_main.db_cli import db_upgrade, missing_database
from bobby_main.eval_cli import run_eval, run_risk_eval
from bobby_main.flows_cli import check_flows, graph_flow, list_flows
from bobby_main.keys_cli import new_key, rotate
from bobby_main.reminders_cli import list_reminders
from bobby_main.serve import serve
from bobby_main.settings import Settings
from bobby_main.studio_cli import list_studio_routes
from bobby_main.users_cli import delete_user, export_user
from bobby_main.worker_cli import work


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bobby", description="Bobby, a well-being companion.")
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="talk to Bobby in the terminal as a WhatsApp user")
    chat.add_argument("--phone", default="+447700900001", help="the phone number you play")
    chat.add_argument("--memory", action="store_true", help="keep nothing: in-memory storage")
    serve_cmd = commands.add_parser(
        "serve", help="serve the HTTP app (webhooks, web chat) and work the queue")
    serve_cmd.add_argument("--host", help="listen address (default: $HOST or 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, help="listen port (default: $PORT or 8000)")
    serve_cmd.add_argument("--web-only", action="store_true",
                           help="HTTP only; run `bobby worker` beside it (PostgreSQL)")
    worker = commands.add_parser(
        "worker", help="work the queue: turns, replies, the sweep (PostgreSQL)")
    worker.add_argument("--metrics-port", type=int,
                        help="serve this worker's /metrics on this port (default: $METRICS_PORT)")
    db = commands.add_parser("db", help="manage the database on DATABASE_URL")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="create or migrate the tables to the newest schema")
    keys = commands.add_parser("keys", help="manage DATA_ENCRYPTION_KEY")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    key_commands.add_parser("new", help="print a fresh key (put it first in DATA_ENCRYPTION_KEY)")
    rotate_cmd = key_commands.add_parser(
        "rotate", help="re-encrypt every stored message, answer and note with the newest key")
    rotate_cmd.add_argument("--batch", type=int, default=500, help="rows per transaction")
    flows = commands.add_parser("flows", help="inspect the exercises")
    flow_commands = flows.add_subparsers(dest="flows_command", required=True)
    flow_commands.add_parser("list", help="list every flow with its version")
    graph = flow_commands.add_parser("graph", help="print a Mermaid diagram of a flow")
    graph.add_argument("name")
    check = flow_commands.add_parser(
        "check", help="run the load checks on the flows with the text files found in DIR "
                      "(default: the shipped ones), e.g. after a coach's edit")
    check.add_argument("dir", nargs="?", default=None)
    reminders = commands.add_parser("reminders", help="inspect reminders")
    reminder_commands = reminders.add_subparsers(dest="reminders_command", required=True)
    listing = reminder_commands.add_parser(
        "list", help="the latest reminders: due, sent, skipped, failed (no text, no numbers)")
    listing.add_argument("--limit", type=int, default=50)
    studio = commands.add_parser("studio", help="Twilio Studio compatibility")
    studio_commands = studio.add_subparsers(dest="studio_command", required=True)
    studio_commands.add_parser("routes", help="the routes a Studio flow can call, with fields")
    users = commands.add_parser("users", help="a user's data: export or delete it")
    user_commands = users.add_subparsers(dest="users_command", required=True)
    export = user_commands.add_parser("export", help="write everything stored about a user "
                                                      "as JSON")
    export.add_argument("phone", help="the user's phone, in international form (+44...), or "
                                      "their WhatsApp user id (GB.1349...)")
    export.add_argument("--output", "-o", help="a file to write (default: standard output)")
    erase = user_commands.add_parser("delete", help="erase a user everywhere (rows, files, "
                                                    "queued jobs, mailing list)")
    erase.add_argument("phone", help="the user's phone, in international form (+44...), or "
                                     "their WhatsApp user id (GB.1349...)")
    erase.add_argument("--yes", action="store_true",
                       help="do not ask to type the phone again (scripts; needed without a terminal)")
    _eval_parser(commands)
    return parser


def _eval_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    evaluate = commands.add_parser(
        "eval", help="scripted users walk every exercise against the configured model; a report "
                     "of steps reached, model-loop turns, guard hits, crisis replies, latency "
                     "and tokens")
    evaluate.add_argument("--exercise", action="append", default=[], metavar="NAME",
                          help="only this exercise (its name or menu number); repeatable")
    evaluate.add_argument("--persona", action="append", default=[], metavar="NAME",
                          help="only this scripted user (see bobby_main/eval/personas.toml); "
                               "repeatable")
    evaluate.add_argument("--out", metavar="FILE.html", help="write the report as HTML")
    evaluate.add_argument("--json", nargs="?", const="-", metavar="FILE.json",
                          help="write the report as JSON (to standard output without a file)")
    evaluate.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"),
                          help="put two JSON reports side by side in --out; runs nothing")
    evaluate.add_argument("--parallel", type=int, default=1, metavar="N",
                          help="walks at a time (a server with N slots); times then include "
                               "waiting for the server")
    evaluate.add_argument("--max-messages", type=int, default=80, metavar="N",
                          help="a walk not ended after N messages stops and says where (80)")
    evaluate.add_argument("--risk-check", action="store_true",
                          help="instead of walks: the model's risk check alone on labelled "
                               "messages (the held-out screening sets and ordinary answers): "
                               "recall, false positives, how its ratings split")
    evaluate.add_argument("--risk-set", action="append", default=[], metavar="FILE.tsv",
                          help="with --risk-check: this labelled set instead (columns as "
                               "tests/data/screening/heldout.tsv); repeatable")


def _reads_existing_data(args: argparse.Namespace) -> bool:
    """Commands that read a database someone made before (not `chat`, `serve` or `db
    upgrade`, which create it, nor the ones that need none; a worker needs PostgreSQL and
    says so itself, and `keys rotate` checks once its key is known to be right)."""
    return args.command in {"reminders", "users"}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["loc"]:
            print(f"bobby: invalid setting {str(first['loc'][0]).upper()}: {first['msg']}",
                  file=sys.stderr)
        else:  # a rule across settings: its message names them
            print(f"bobby: {first['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    if _reads_existing_data(args) and (missing := missing_database(settings)):
        print(missing, file=sys.stderr)
        return 1
    if args.command == "chat":
        return asyncio.run(run_chat(settings, phone=args.phone, memory=args.memory))
    if args.command == "eval" and args.risk_check:
        return run_risk_eval(settings, sets=args.risk_set, json_out=args.json,
                             parallel=args.parallel)
    if args.command == "eval":
        return run_eval(settings, exercises=args.exercise, personas=args.persona, out=args.out,
                        json_out=args.json, compare=args.compare, parallel=args.parallel,
                        max_messages=args.max_messages)
    if args.command == "serve":
        return serve(settings, host=args.host or settings.host, port=args.port or settings.port,
                     web_only=args.web_only)
    if args.command == "worker":
        return work(settings, metrics_port=args.metrics_port)
    if args.command == "db":
        return db_upgrade(settings)
    if args.command == "keys":
        return new_key() if args.keys_command == "new" else rotate(settings, batch_size=args.batch)
    if args.command == "reminders":
        return list_reminders(settings, limit=args.limit)
    if args.command == "studio":
        return list_studio_routes()
    if args.command == "users":
        if args.users_command == "export":
            return export_user(settings, args.phone, args.output)
        return delete_user(settings, args.phone, confirmed=args.yes)
    if args.flows_command == "list":
        return list_flows()
    if args.flows_command == "check":
        return check_flows(args.dir)
    return graph_flow(args.name)


if __name__ == "__main__":
    raise SystemExit(main())
