"""Run the whole test suite several times in a row and check that every run gives the same result per test.

    .venv/bin/python -m tools.determinism          # three runs
    .venv/bin/python -m tools.determinism --runs 5

Each run's per-test outcomes come from pytest's JUnit XML; the script prints one line per run and exits 1 if any
test's outcome differs between runs (the notebooks' stored outputs make "same outcome" mean "same numbers")."""
import argparse, subprocess, sys, tempfile, time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def outcomes(xml:Path)->dict:
    res = {}
    for case in ET.parse(xml).getroot().iter('testcase'):
        kind = next((c.tag for c in case if c.tag in ('failure', 'error', 'skipped')), 'passed')
        res[f"{case.get('classname')}::{case.get('name')}"] = kind
    return res

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--runs', type=int, default=3)
    runs = ap.parse_args().runs
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            xml, start = Path(tmp)/f'run{i}.xml', time.perf_counter()
            subprocess.run([sys.executable, '-m', 'pytest', '-q', f'--junitxml={xml}'], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            res = outcomes(xml); results.append(res)
            counts = {k: list(res.values()).count(k) for k in ('passed', 'failure', 'error', 'skipped')}
            print(f'run {i + 1}: {counts} in {time.perf_counter() - start:.0f} s', flush=True)
    differ = sorted(t for t in set().union(*results) if len({r.get(t) for r in results}) > 1)
    if differ:
        print('NOT identical; differing tests:'); [print('  ' + t, [r.get(t) for r in results]) for t in differ]
        sys.exit(1)
    print(f'identical: all {runs} runs gave the same outcome for each of {len(results[0])} tests')

if __name__ == '__main__': main()
