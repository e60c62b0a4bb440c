"""Re-ingesting unchanged files against the first ingest of the same files, as a ratio measured in one run.

    .venv/bin/python bench/reingest.py               # 200 files
    .venv/bin/python bench/reingest.py --files 50

Writes variants of the seed article (each with its own closing sentence, so its own content hash) and times
`geokg ingest` on the folder twice in fresh processes: the first stores them, the second finds every one
unchanged. Goal: the second <= 0.05x the first.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "iran-missile-talks.txt"


def ingest(folder: Path, data: Path) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(PYTHONPATH=str(ROOT), KG_DATA_DIR=str(data))
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "geokg", "ingest", str(folder)], env=env, capture_output=True,
                         text=True, check=True)
    return time.perf_counter() - t, run.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    text = SEED.read_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder, data = Path(tmp) / "articles", Path(tmp) / "data"
        folder.mkdir()
        for i in range(args.files):
            (folder / f"report-{i:03d}.txt").write_text(f"{text}\nThe ministry published statement {i}.\n")
        first, said = ingest(folder, data)
        print(f"first ingest:  {first:.1f} s  ({said})")
        again, said = ingest(folder, data)
        print(f"second ingest: {again:.1f} s  ({said})")
    print(f"ratio: {again / first:.3f}x  (goal <= 0.05x)")


if __name__ == "__main__":
    main()
