"""The labelled crisis screening sets.

The tuning and training material ships with the screener, which trains its classifier on it:
src/bobby_adapters/screening/data/ holds the tuning half (tuning.tsv), probes 1 to 5 and 7 (each
measured once on a frozen version of the rules, then tuned or trained on), for the passive
wishes to die said without death words (issue 26) their tuning set (passive.tsv) and passive
probes 1 to 4, and the corpora written for the classifier (passive_corpus_a/b,
general_corpus_c, ordinary_corpus_d, corpus_e to corpus_z, each in one voice). The material
never tuned against stays here, in tests/data/screening: the held-out half (heldout.tsv, written
and committed before any rule changed), probes 6 and 8 to 12 and passive probes 5 to 11 (written
blind to the rules and the other sets, each committed before the screener it measures). Tests
read those only to count."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Literal

from bobby_adapters.screening.data import TUNING_DATA

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "screening"
Half = Literal["tuning", "heldout", "probe", "probe2", "probe3", "probe4", "probe5", "probe6",
               "passive", "passive_probe1", "passive_probe2", "passive_probe3", "passive_probe4",
               "passive_probe5", "passive_corpus_a", "passive_corpus_b", "general_corpus_c",
               "ordinary_corpus_d", "corpus_e_older", "corpus_f_online", "corpus_g_work", "probe7",
               "passive_probe6", "probe8", "passive_probe7", "corpus_h_health",
               "corpus_i_reflective", "corpus_j_world", "passive_probe8", "probe9",
               "corpus_k_explicit", "corpus_l_carers", "corpus_m_rough", "corpus_n_night",
               "passive_probe9", "probe10", "corpus_o_queer", "corpus_p_services", "corpus_q_lads",
               "corpus_r_midlife", "probe11", "passive_probe10", "corpus_s_elders",
               "corpus_t_uniform", "corpus_u_bereaved", "corpus_v_teens", "probe12", "passive_probe11",
               "corpus_w_southern", "corpus_x_control", "corpus_y_using", "corpus_z_literal"]
HELD_OUT_HALVES = ("heldout", "probe6", "passive_probe5", "passive_probe6", "probe8",
                   "passive_probe7", "passive_probe8", "probe9", "passive_probe9", "probe10",
                   "probe11", "passive_probe10", "probe12", "passive_probe11")


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    crisis: bool
    category: str
    explicit: bool
    lang: str


def load(half: Half | str) -> list[Case]:
    folder = HELD_OUT if half in HELD_OUT_HALVES else TUNING_DATA
    lines = [line for line in (folder / f"{half}.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Case(text=r["text"], crisis=r["label"] == "crisis", category=r["category"],
                 explicit=r["explicit"] == "yes", lang=r["lang"]) for r in rows]


@dataclass(frozen=True, slots=True)
class Tally:
    """How a screener did on a set: crisis messages caught, explicit ones caught, false alarms."""

    caught: int = 0
    crisis: int = 0
    caught_explicit: int = 0
    explicit: int = 0
    alarms: int = 0
    calm: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def tally(cases: Sequence[Case], hits: Sequence[bool]) -> Tally:
    """Count `hits` (one a case, in order) against the cases' labels."""
    pairs = list(zip(cases, hits, strict=True))
    crisis = [hit for case, hit in pairs if case.crisis]
    explicit = [hit for case, hit in pairs if case.crisis and case.explicit]
    calm = [hit for case, hit in pairs if not case.crisis]
    return Tally(sum(crisis), len(crisis), sum(explicit), len(explicit), sum(calm), len(calm))
