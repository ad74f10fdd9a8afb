"""`bobby eval`: scripted users walk the exercises against the configured model (offline
unless OPENAI_API_KEY is set); the figures print as tables and go to an HTML page and JSON.
`--compare A.json B.json` puts two runs side by side instead; `--risk-check` measures the
model's risk check alone on labelled messages (bobby_main/eval/risk_check.py)."""

from __future__ import annotations

import asyncio
import json
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from injector import Module
from pydantic import SecretStr

from bobby_adapters.sklearn_screener import ScikitLearnCrisisScreener
from bobby_core.flows import default_registry
from bobby_core.ports.stats import ModelPrices
from bobby_main.eval.columns import EXERCISE_COLUMNS, WALK_COLUMNS, table
from bobby_main.eval.html import compare_page, report_page
from bobby_main.eval.personas import Persona, load_personas
from bobby_main.eval.pipeline import Pipeline
from bobby_main.eval.report import build_report, missed_disclosures
from bobby_main.eval.risk_check import Labelled, default_sets, rate_all, read_set, risk_report, risk_table
from bobby_main.eval.walk import MAX_MESSAGES, Walk, walk
from bobby_main.settings import Settings


class EvalChoiceError(ValueError):
    """An exercise or persona asked for does not exist."""


async def evaluate(settings: Settings, *, exercises: Sequence[str] = (),
                   personas: Sequence[str] = (), parallel: int = 1,
                   overrides: Sequence[Module] = (), progress: bool = False,
                   max_messages: int = MAX_MESSAGES) -> dict[str, Any]:
    """Walk every chosen exercise with every chosen persona (all when none are named), each
    walk on a Bobby of its own (with `overrides` bound over the wiring, as tests do),
    `parallel` at a time (with a line on standard error after each if `progress`); return
    the report."""
    registry = default_registry()
    flows = [f for f in registry.exercises()
             if not exercises or f.id in exercises or f.menu_key in exercises]
    known = load_personas()
    chosen = [known[n] for n in personas if n in known] if personas else list(known.values())
    missing = [e for e in exercises if not any(e in (f.id, f.menu_key) for f in flows)]
    missing += [p for p in personas if p not in known]
    if missing:
        raise EvalChoiceError(", ".join(missing))
    if settings.link_signing_key is None:  # no export link leaves an evaluation: no warning
        settings = settings.model_copy(
            update={"link_signing_key": SecretStr(secrets.token_hex(16))})
    gate = asyncio.Semaphore(max(1, parallel))
    if settings.uses_classifier:
        # It trains in the background from start-up; an evaluation waits, so that every
        # message of every walk is screened alike.
        await ScikitLearnCrisisScreener().ready()
    first = Pipeline(settings, registry, *overrides)
    model = first.model
    await first.close()

    async def one(n: int, flow_id: str, key: str, persona: Persona) -> Walk:
        async with gate:
            pipeline = Pipeline(settings, registry, *overrides)
            try:
                done = await walk(pipeline, flow_id, key, persona, f"+447700900{n:03d}",
                                  max_messages)
            finally:
                await pipeline.close()
            if progress:
                seconds = sum(t.seconds for t in done.turns)
                print(f"walked {flow_id} as {persona.name}: {len(done.turns)} messages in "
                      f"{seconds:.0f} s", file=sys.stderr, flush=True)
            return done

    plan = [(f.id, f.menu_key or "", p) for f in flows for p in chosen]
    walks = await asyncio.gather(*(one(100 + n, *job) for n, job in enumerate(plan)))
    prices = ModelPrices(input_per_million=settings.model_input_price,
                         output_per_million=settings.model_output_price)
    return build_report(walks, registry=registry, model=model, prices=prices, personas=chosen)


def run_eval(settings: Settings, *, exercises: Sequence[str], personas: Sequence[str],
             out: str | None, json_out: str | None, compare: Sequence[str] | None,
             parallel: int, max_messages: int = MAX_MESSAGES) -> int:
    if compare:
        return _compare(compare, out)
    try:
        report = asyncio.run(evaluate(settings, exercises=exercises, personas=personas,
                                      parallel=parallel, progress=True,
                                      max_messages=max_messages))
    except EvalChoiceError as exc:
        print(f"bobby: no such exercise or persona: {exc}", file=sys.stderr)
        return 2
    tables = sys.stderr if json_out == "-" else sys.stdout
    print(table(report["walks"], WALK_COLUMNS), file=tables)
    print(file=tables)
    print(table(report["exercises"], EXERCISE_COLUMNS), file=tables)
    if out:
        Path(out).write_text(report_page(report, report["model"]), encoding="utf-8")
        print(f"\nreport: {out}", file=tables)
    if json_out == "-":
        print(json.dumps(report, indent=1))
    elif json_out:
        Path(json_out).write_text(json.dumps(report, indent=1), encoding="utf-8")
    missed = missed_disclosures(report)
    for row in missed:
        print(f"bobby: the disclosure in {row['exercise']} ({row['persona']}) did not get the "
              "crisis reply", file=sys.stderr)
    return 1 if missed else 0


def _compare(paths: Sequence[str], out: str | None) -> int:
    if not out:
        print("bobby: --compare needs --out FILE.html", file=sys.stderr)
        return 2
    a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in paths)
    names = (f"{a['model']} ({Path(paths[0]).name})", f"{b['model']} ({Path(paths[1]).name})")
    Path(out).write_text(compare_page(a, b, names), encoding="utf-8")
    for name, report in zip(names, (a, b), strict=True):
        print(f"{name}\n{table(report['exercises'], EXERCISE_COLUMNS)}\n")
    print(f"comparison: {out}")
    return 0


async def evaluate_risk_check(settings: Settings, *, cases: Sequence[Labelled] = (),
                              parallel: int = 1,
                              overrides: Sequence[Module] = ()) -> dict[str, Any]:
    """Rate every labelled case (default: `default_sets()`) with the configured model's risk
    check (on even where OPENAI_RISK_CHECK turns it off); with no model configured, with the
    offline rules that screen then. Return the report."""
    update: dict[str, Any] = {"openai_risk_check": True}
    if settings.link_signing_key is None:  # no export link leaves an evaluation: no warning
        update["link_signing_key"] = SecretStr(secrets.token_hex(16))
    settings = settings.model_copy(update=update)
    pipeline = Pipeline(settings, default_registry(), *overrides)
    try:
        if pipeline.risk_check is not None:
            screener, name = pipeline.risk_check, "model risk check"
        else:
            screener, name = pipeline.screener, "offline rules (no model risk check configured)"
        rated = await rate_all(screener, list(cases) or default_sets(), parallel=parallel)
    finally:
        await pipeline.close()
    return risk_report(rated, screener=name, model=settings.openai_risk_model or pipeline.model)


def run_risk_eval(settings: Settings, *, sets: Sequence[str], json_out: str | None,
                  parallel: int) -> int:
    cases = [case for name in sets
             for case in read_set(Path(name).read_text(encoding="utf-8"), Path(name).name)]
    report = asyncio.run(evaluate_risk_check(settings, cases=cases, parallel=parallel))
    print(risk_table(report), file=sys.stderr if json_out == "-" else sys.stdout)
    if json_out == "-":
        print(json.dumps(report, indent=1))
    elif json_out:
        Path(json_out).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0
