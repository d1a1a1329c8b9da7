"""Does the docs site's notebook processing work? Runs what `nbdev-docs` does before Quarto renders (Quarto cannot be
installed everywhere), in a throw-away copy of the committed tree, and checks what it produces:

- every notebook is processed: none of the cells nbdev executes (exported cells and cells that import) fails;
- every notebook is in the sidebar;
- no test-runner marker reaches a page (the markers are cell tags, never comments in the code);
- every widget cell carries a picture (image/png) for the page.

    .venv/bin/python tools/docs_check.py     # exit 1, with what is wrong, if any check fails
"""
import json, subprocess, sys, tempfile
from pathlib import Path
from fault_check import copy_tracked  # tools/ is on the path when this runs as a script

WIDGET = 'application/vnd.jupyter.widget-view+json'

def process(tree:Path):
    "nbdev-docs' steps before `quarto render`: quarto yml, module index, sidebar, processed notebooks in _proc/."
    code = ('from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar\nfrom nbdev.serve import proc_nbs\nimport nbdev.doclinks\n'
            'from nbdev.config import get_config\ncfg = get_config()\nrefresh_quarto_yml()\nnbdev.doclinks._build_modidx()\n'
            'nbdev_sidebar.__wrapped__(path=cfg.nbs_path)\nproc_nbs(cfg.nbs_path, n_workers=0)')
    subprocess.run([sys.executable, '-c', code], cwd=tree, check=True)

def problems(tree:Path)->list:
    out, nbs = [], sorted(p.name for p in (tree/'nbs').glob('*.ipynb'))
    done = {p.name for p in (tree/'_proc').glob('*.ipynb')} if (tree/'_proc').exists() else set()
    out += [f'{nb}: not processed' for nb in nbs if nb not in done]
    sidebar = (tree/'nbs'/'sidebar.yml').read_text() if (tree/'nbs'/'sidebar.yml').exists() else ''
    out += [f'{nb}: not in the sidebar' for nb in nbs if nb not in sidebar]
    for nb in sorted(done):
        for i, cell in enumerate(json.loads((tree/'_proc'/nb).read_text())['cells']):
            if cell['cell_type'] == 'code' and 'NBVAL' in ''.join(cell.get('source', '')).upper():
                out.append(f'{nb} cell {i}: a test-runner marker reaches the page')
            for o in cell.get('outputs', []):
                if WIDGET in o.get('data', {}) and 'image/png' not in o['data']: out.append(f'{nb} cell {i}: a widget without a picture')
    return out

if __name__ == '__main__':
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)/'tree'
        copy_tracked(tree)
        process(tree)
        found = problems(tree)
        n = len(list((tree/'_proc').glob('*.ipynb')))
    print('\n'.join(found) if found else f'docs check: {n} notebooks processed, all in the sidebar, no test-runner marker, every widget with a picture')
    sys.exit(1 if found else 0)
