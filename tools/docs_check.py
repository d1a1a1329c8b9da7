"""Does the docs site's notebook processing work? Runs what `nbdev-docs` does before Quarto renders (Quarto cannot be
installed everywhere), in a throw-away copy of the committed tree, and checks what it produces:

- every notebook is processed: none of the cells nbdev executes (exported cells and cells that import) fails;
- every notebook is in the sidebar;
- no test-runner marker reaches a page (the markers are cell tags, never comments in the code);
- every widget cell carries a picture: in its output (image/png, for where widgets cannot run, such as GitHub's view
  of the notebook; the site's page shows the widget itself) or, for an `interact`, in the saved state of the Output
  widget it holds, which the page's widget manager shows; and the processed page still carries
  the saved state of every widget it shows (chapter 04's explorers run on the page from that state alone:
  tests/test_static_page.py);
- every figure is a picture with alt text that reaches the page: a `#| fig-alt:` line, which Quarto puts in the
  image's alt attribute, in every processed cell with a picture (tests/test_stored_figures.py's check, run on the
  processed pages); and no Markdown image with an empty alt.

    .venv/bin/python -m tools.docs_check     # exit 1, with what is wrong, if any check fails
"""
import json, re, subprocess, sys, tempfile
from pathlib import Path
from tools.fault_check import ROOT, copy_tracked
from tools.figures import figure_problems  # the stored notebooks' check, here on the processed pages

WIDGET = 'application/vnd.jupyter.widget-view+json'

# nbdev-docs' steps before `quarto render` (nbdev.quarto._pre_docs, less its Quarto check): quarto yml, module index,
# sidebar, processed notebooks in _proc/. tests/test_workflows.py fails if nbdev's list changes.
PROCESS = '''\
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
from nbdev.serve import proc_nbs
import nbdev.doclinks
from nbdev.config import get_config
cfg = get_config()
refresh_quarto_yml()
nbdev.doclinks._build_modidx()
nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
proc_nbs(cfg.nbs_path, n_workers=0)
'''

def process(tree:Path):
    subprocess.run([sys.executable, '-c', PROCESS], cwd=tree, check=True)

def _saved_state(page:dict)->dict:
    "The widget models a page carries (the notebook's saved widget state), by model id: what its widget manager can show."
    return page.get('metadata', {}).get('widgets', {}).get('application/vnd.jupyter.widget-state+json', {}).get('state', {})

def _shows_saved_picture(page:dict, view:dict)->bool:
    "Whether a widget (an `interact`, say) holds an Output widget whose saved state has a picture: the page's widget manager shows it."
    state = _saved_state(page)
    children = state.get(view.get('model_id'), {}).get('state', {}).get('children', [])
    outputs = [state.get(c.removeprefix('IPY_MODEL_'), {}) for c in children]
    return any(m.get('model_name') == 'OutputModel' and any('image/png' in x.get('data', {}) for x in m['state'].get('outputs', []))
               for m in outputs)

def problems(tree:Path)->list:
    out, nbs = [], sorted(p.name for p in (tree/'nbs').glob('*.ipynb'))
    done = {p.name for p in (tree/'_proc').glob('*.ipynb')} if (tree/'_proc').exists() else set()
    out += [f'{nb}: not processed' for nb in nbs if nb not in done]
    sidebar = (tree/'nbs'/'sidebar.yml').read_text() if (tree/'nbs'/'sidebar.yml').exists() else ''
    out += [f'{nb}: not in the sidebar' for nb in nbs if nb not in sidebar]
    for nb in sorted(done):
        page = json.loads((tree/'_proc'/nb).read_text())
        out += [f'{nb} {p}' for p in figure_problems(page)]  # every figure a picture, each with its `#| fig-alt:` line
        for i, cell in enumerate(page['cells']):
            if cell['cell_type'] == 'code' and 'NBVAL' in ''.join(cell.get('source', '')).upper():
                out.append(f'{nb} cell {i}: a test-runner marker reaches the page')
            for o in cell.get('outputs', []):
                if WIDGET in o.get('data', {}) and 'image/png' not in o['data'] and not _shows_saved_picture(page, o['data'][WIDGET]):
                    out.append(f'{nb} cell {i}: a widget without a picture')
                if WIDGET in o.get('data', {}) and o['data'][WIDGET].get('model_id') not in _saved_state(page):
                    out.append(f'{nb} cell {i}: a widget whose state the page does not carry (it cannot run there)')
            if cell['cell_type'] == 'markdown' and re.search(r'!\[\s*\]\(', ''.join(cell['source'])):
                out.append(f'{nb} cell {i}: an image with empty alt text')
    return out

if __name__ == '__main__':
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)/'tree'
        copy_tracked(tree)
        process(tree)
        found = problems(tree)
        n = len(list((tree/'_proc').glob('*.ipynb')))
    print('\n'.join(found) if found else f'docs check: {n} notebooks processed, all in the sidebar, no test-runner marker, every widget with a picture, every figure with alt text')
    sys.exit(1 if found else 0)
