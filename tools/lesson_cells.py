"""Keep a chapter's reading path to the lesson: the cells a learner need not read are collapsed.

Collapsed means two marks on the cell, one for each place a chapter is read:
- `"jupyter": {"source_hidden": true}` in its metadata: JupyterLab shows a thin bar instead of the code; the cell
  still runs with the rest (Run All, nbval), and a click on the bar opens it;
- a `#| hide` line (nbdev's directive) for the docs site, which leaves the cell out.

Which cells (chapters 00-09 only; the appendices are about the machinery and show it):
- a check that guards the text: a cell made only of `test_eq`/`test_close`/`test_fail`/`assert` statements
  (loops over them included), a cell tagged `check` (a harness that builds what it checks), or any cell already
  hidden from the site with `#| hide`. A check that teaches stays in view: tag its cell `teaches`;
- the setup cell of hosted runtimes (see tools/launch_cells.py) and nbdev's `#| default_exp` line;
- a cell tagged `machinery`: an exported helper, such as a drawing function, whose code is not the lesson; the site
  shows its documentation (nbdev's show_doc) rather than its code, so it gets no `#| hide`.

    python -m tools.lesson_cells          # mark the cells where they are not marked
    python -m tools.lesson_cells --check  # exit 1 and list the notebooks whose marks are out of date
"""
import ast, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT/'nbs').glob('0[0-9]_*.ipynb'))
CHECK_CALLS = {'test_eq', 'test_close', 'test_fail', 'test_ne', 'test_is', 'test_eq_type', 'test_warns', 'test_stdout'}
SETUP_ID = 'hosted-setup'

def _parse(src:str):
    "The cell's code as Python, IPython's `%` and `!` lines blanked; None where it is not Python."
    lines = ['pass' if l.lstrip().startswith(('%', '!')) else l for l in src.splitlines()]
    try: return ast.parse('\n'.join(lines))
    except SyntaxError: return None

def _is_check(st)->bool:
    if isinstance(st, ast.Assert): return True
    if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
        f = st.value.func
        return (f.id if isinstance(f, ast.Name) else getattr(f, 'attr', None)) in CHECK_CALLS
    if isinstance(st, (ast.For, ast.With)): return all(_is_check(s) for s in st.body)
    return False

def is_check_cell(src:str)->bool:
    "True for a cell whose every statement is a check."
    tree = _parse(src)
    return tree is not None and bool(tree.body) and all(_is_check(s) for s in tree.body)

def _has_hide(src:str)->bool: return re.search(r'^#\|\s*hide\s*$', src, flags=re.M) is not None

def wanted(cell)->tuple:
    "(collapsed, with `#| hide`) for a code cell of a chapter."
    src, tags = ''.join(cell['source']), cell.get('metadata', {}).get('tags', [])
    if cell.get('id') == SETUP_ID: return True, True
    if re.match(r'\s*#\|\s*default_exp\b', src): return True, False
    if 'machinery' in tags: return True, False
    if 'check' in tags: return True, True
    if 'teaches' in tags: return False, False
    if is_check_cell(src) or _has_hide(src): return True, True  # what the site leaves out, JupyterLab collapses
    return False, False

def is_collapsed(cell)->bool: return bool(cell.get('metadata', {}).get('jupyter', {}).get('source_hidden'))

def mark(cell)->bool:
    "Set `cell`'s marks to what `wanted` says; True if anything changed."
    collapse, hide = wanted(cell)
    src, changed = ''.join(cell['source']), False
    if collapse != is_collapsed(cell):
        meta = cell.setdefault('metadata', {})
        if collapse: meta.setdefault('jupyter', {})['source_hidden'] = True
        else:
            meta.get('jupyter', {}).pop('source_hidden', None)
            if meta.get('jupyter') == {}: del meta['jupyter']
        changed = True
    if hide and not _has_hide(src):
        cell['source'] = ('#| hide\n' + src).splitlines(keepends=True); changed = True
    if 'teaches' in cell.get('metadata', {}).get('tags', []) and src.startswith('#| hide\n'):
        cell['source'] = src[len('#| hide\n'):].splitlines(keepends=True); changed = True  # a check that teaches is shown
    return changed

def sync(nb:Path, check:bool)->bool:
    data = json.loads(nb.read_text())
    changed = [mark(c) for c in data['cells'] if c['cell_type'] == 'code']
    if any(changed) and not check:
        nb.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + '\n')  # as Jupyter writes it
    return any(changed)

def visible_code_lines(nb:Path)->int:
    "Lines of code a learner reads in `nb`: every code cell that is not collapsed."
    cells = json.loads(nb.read_text())['cells']
    return sum(len(''.join(c['source']).splitlines()) for c in cells if c['cell_type'] == 'code' and not is_collapsed(c))

def minutes(nb:Path)->int:
    "The README's rule: prose at 100 words a minute, a minute per ten lines of code in view (collapsed cells are not"
    "read), ten minutes per exercise; to 5 min."
    cells = json.loads(nb.read_text())['cells']
    words = sum(len(''.join(c['source']).split()) for c in cells if c['cell_type'] == 'markdown')
    lines = sum(len(''.join(c['source']).splitlines()) for c in cells if c['cell_type'] == 'code'
                and not c.get('metadata', {}).get('jupyter', {}).get('source_hidden'))
    exercises = sum('.check(' in ''.join(c['source']) and '...' in ''.join(c['source']) for c in cells if c['cell_type'] == 'code')
    return 5*round((words/100 + lines/10 + 10*exercises)/5)

if __name__ == '__main__':
    check = '--check' in sys.argv
    changed = [nb.name for nb in CHAPTERS if sync(nb, check)]
    if check and changed:
        print('cells to collapse or open (run `python -m tools.lesson_cells`):', ', '.join(changed)); sys.exit(1)
    if changed: print('updated:', ', '.join(changed))
