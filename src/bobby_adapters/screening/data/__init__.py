"""Labelled messages the offline screener is tuned and trained on (tab-separated; see the
header of each file). The held-out material lives in tests/data/screening and is never read
here."""

from __future__ import annotations

import csv
from pathlib import Path

TUNING_DATA = Path(__file__).resolve().parent
TRAINING_FILES = ("tuning.tsv", "probe.tsv", "probe2.tsv", "probe3.tsv", "probe4.tsv",
                  "probe5.tsv", "passive.tsv", "passive_probe1.tsv", "passive_probe2.tsv",
                  "passive_probe3.tsv", "passive_probe4.tsv", "passive_corpus_a.tsv",
                  "passive_corpus_b.tsv", "general_corpus_c.tsv", "ordinary_corpus_d.tsv",
                  "corpus_e_older.tsv", "corpus_f_online.tsv", "corpus_g_work.tsv", "probe7.tsv",
                  "corpus_h_health.tsv", "corpus_i_reflective.tsv", "corpus_j_world.tsv",
                  "corpus_k_explicit.tsv", "corpus_l_carers.tsv", "corpus_m_rough.tsv",
                  "corpus_n_night.tsv", "corpus_o_queer.tsv", "corpus_p_services.tsv",
                  "corpus_q_lads.tsv", "corpus_r_midlife.tsv", "corpus_s_elders.tsv",
                  "corpus_t_uniform.tsv", "corpus_u_bereaved.tsv", "corpus_v_teens.tsv",
                  "corpus_w_southern.tsv", "corpus_x_control.tsv", "corpus_y_using.tsv",
                  "corpus_z_literal.tsv")


def training_messages() -> list[tuple[str, bool]]:
    """(text, is crisis) for every labelled message in the training files, in file order."""
    messages: list[tuple[str, bool]] = []
    for name in TRAINING_FILES:
        text = (TUNING_DATA / name).read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line and not line.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            messages.append((row["text"], row["label"] == "crisis"))
    return messages
