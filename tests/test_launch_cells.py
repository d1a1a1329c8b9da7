"Every notebook carries the Colab badge and hosted-runtime setup cell for the repository named in pyproject.toml."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_launch_cells_in_sync():
    res = subprocess.run([sys.executable, str(ROOT/'tools'/'launch_cells.py'), '--check'], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
