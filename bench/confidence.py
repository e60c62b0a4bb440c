"""Precision and recall of relations at a few confidence minimums, from one extraction run per dev set.

    .venv/bin/python bench/confidence.py [--sets voa plover gold] [--thresholds 0 0.3 0.4 0.5 0.6 0.8]

Extracts every gold story once with no minimum (`geokg --min-confidence 0 extract`), then scores the
output filtered at each threshold with the shared scorer (`../shared/eval/score.py --output`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
FIELDS = ("relation_precision", "relation_recall", "dyad_precision", "dyad_recall", "dyad_f1", "relations_output")


def extract_all(gold: Path, tmp: Path) -> list[dict]:
    """The contract records of every story of one gold set, extracted with no confidence minimum."""
    files = []
    for p in sorted(gold.glob("*.json")):
        g = json.loads(p.read_text())
        text = g["text"] if "text" in g else (p.parent / g["text_file"]).read_text()
        f = tmp / f"{g['article']}.txt"
        f.write_text(text)
        files.append(str(f))
    geokg = str(Path(sys.executable).parent / "geokg")
    out = subprocess.run([geokg, "--min-confidence", "0", "extract", "--format", "jsonl", *files],
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def score_at(records: list[dict], floor: float, gold: Path, tmp: Path) -> dict:
    """The scorer's summary for the records with relations below `floor` removed."""
    path = tmp / f"at-{floor}.jsonl"
    with path.open("w") as f:
        for r in records:
            kept = [rel for rel in r["relations"] if rel.get("confidence", 1.0) >= floor]
            f.write(json.dumps({**r, "relations": kept}) + "\n")
    out = subprocess.run([sys.executable, str(EVAL / "score.py"), "--gold", str(gold), "--output", str(path), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main() -> None:
    """Print one line per set and threshold."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=["voa", "plover", "gold"])
    ap.add_argument("--thresholds", nargs="+", type=float, default=[0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    args = ap.parse_args()
    for name in args.sets:
        with tempfile.TemporaryDirectory() as t:
            tmp = Path(t)
            records = extract_all(EVAL / name, tmp)
            for floor in args.thresholds:
                s = score_at(records, floor, EVAL / name, tmp)
                print(f"{name:7s} min={floor:.2f} " + " ".join(f"{k}={s.get(k)}" for k in FIELDS), flush=True)


if __name__ == "__main__":
    main()
