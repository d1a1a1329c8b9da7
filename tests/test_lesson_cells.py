"""A chapter's reading path holds the lesson: checks and machinery are collapsed (tools/lesson_cells.py), and the
chapters stay within budgets: 00-06 show little code (see the ratchet below), and no chapter reads in more than
60 minutes by the README's rule, exercises apart."""
import json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from tools.lesson_cells import CHAPTERS, is_check_cell, is_collapsed, minutes, visible_code_lines, wanted

def test_marks_in_sync():
    res = subprocess.run([sys.executable, '-m', 'tools.lesson_cells', '--check'], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr

def test_the_rule_tells_checks_from_lessons():
    assert is_check_cell('test_eq(a, 1)\nassert b  # why\nfor x in xs: test_close(x, 0)')
    assert is_check_cell('#| hide\ntest_fail(lambda: f(0), contains="no")')
    assert not is_check_cell('x = 1\ntest_eq(x, 1)')    # defines something: stays in view unless tagged
    assert not is_check_cell('x.shape')                 # a result the learner reads
    assert not is_check_cell('')
    setup = dict(cell_type='code', id='hosted-setup', source=['%pip install x'], metadata={})
    assert wanted(setup) == (True, True)
    teaching = dict(cell_type='code', source=['test_eq(a, b)'], metadata={'tags': ['teaches']})
    assert wanted(teaching) == (False, False)

def test_no_exercise_is_collapsed():
    for nb in CHAPTERS:
        for c in json.loads(nb.read_text())['cells']:
            src = ''.join(c['source'])
            if c['cell_type'] == 'code' and '.check(' in src and '...' in src:
                assert not is_collapsed(c), (nb.name, src)

def test_core_chapters_show_little_code():
    "A ratchet: 1,405 lines were in view before the checks and machinery were collapsed; issue 31 asks for 700."
    counts = {nb.name: visible_code_lines(nb) for nb in CHAPTERS if nb.name < '07'}
    assert sum(counts.values()) <= 700, counts

def test_every_chapter_reads_in_an_hour():
    for nb in CHAPTERS:
        exercises = sum('.check(' in ''.join(c['source']) and '...' in ''.join(c['source'])
                        for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code')
        assert minutes(nb) - 10*exercises <= 60, (nb.name, minutes(nb), exercises)

def test_a_cell_hidden_from_the_site_is_collapsed_too():
    "A `#| hide` cell that is not a pure check (it computes something first) is still collapsed in JupyterLab."
    cell = {'cell_type': 'code', 'metadata': {}, 'source': ['#| hide\n', 'ink = x.sum()\n', 'assert ink > 0']}
    assert wanted(cell) == (True, True)
    assert wanted({'cell_type': 'code', 'metadata': {}, 'source': ['ink = x.sum()']}) == (False, False)
