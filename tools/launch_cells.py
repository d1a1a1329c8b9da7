"""Keep the cells that launch a notebook in sync with the addresses named in pyproject.toml: right after the title,
an "Open in Colab" badge and the setup cell that installs the course on a hosted runtime; and at the end of chapters
00-08, a link to the next chapter, on Colab and on the site (a relative link would not open in Colab).

    python -m tools.launch_cells          # rewrite the cells where they differ
    python -m tools.launch_cells --check  # exit 1 and list the notebooks that are out of date
"""
import json, re, sys, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BADGE_ID, SETUP_ID, NEXT_ID = 'colab-badge', 'hosted-setup', 'next-chapter'

def repo_slug()->str:
    "owner/name of the GitHub repository, from [project.urls] Repository: the one place it is written."
    url = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['urls']['Repository']
    m = re.match(r'https://github\.com/([^/]+/[^/]+?)/?$', url)
    if not m: raise SystemExit(f'pyproject.toml: Repository should be https://github.com/OWNER/NAME; got {url}')
    return m[1]

def badge_source(nb:Path, slug:str)->str:
    # the course home (README) opens the first chapter: Colab has nothing to run on the home page itself
    target = '00_data.ipynb' if nb.name == 'index.ipynb' else nb.name
    url = f'https://colab.research.google.com/github/{slug}/blob/main/nbs/{target}'
    return f'[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})'

def setup_source(slug:str)->str:
    return '\n'.join([
        '#| hide',
        '# On Colab, Kaggle or Paperspace this installs the course; where it is already installed it does nothing.',
        'import importlib.util',
        "if importlib.util.find_spec('mnist_basics') is None:",
        f'    %pip install -q "mnist_basics @ git+https://github.com/{slug}"',
        'from mnist_basics.launch import setup_hosted, prepare_notebook',
        "runtime = setup_hosted()  # 'colab', 'kaggle', 'paperspace', or None on your own machine",
        'prepare_notebook()  # pictures for figures, quiet progress-bar styles, one fastai notice silenced'])

def wanted_cells(nb:Path, slug:str):
    badge = dict(cell_type='markdown', id=BADGE_ID, metadata={}, source=_lines(badge_source(nb, slug)))
    if nb.name == 'index.ipynb': return [badge]  # the home page becomes README.md: no code in it
    return [badge, dict(cell_type='code', id=SETUP_ID, metadata={}, source=_lines(setup_source(slug)), outputs=[], execution_count=None)]

def docs_url()->str:
    "The course site's address, from [project.urls] Documentation."
    url = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['urls']['Documentation']
    return url if url.endswith('/') else url + '/'

def next_cell(nb:Path, slug:str):
    "For chapters 00-08, a last cell that opens the next chapter; None for any other notebook."
    chapters = sorted((ROOT/'nbs').glob('0[0-9]_*.ipynb'))
    if nb not in chapters or nb == chapters[-1]: return None
    nxt = chapters[chapters.index(nb) + 1]
    title = json.loads(nxt.read_text())['cells'][0]['source']
    title = (''.join(title) if isinstance(title, list) else title).splitlines()[0].lstrip('# ').strip()
    colab = f'https://colab.research.google.com/github/{slug}/blob/main/nbs/{nxt.name}'
    site = docs_url() + re.sub(r'^\d\d_', '', nxt.stem) + '.html'
    text = f'**Next: {nxt.stem[:2]}, {title}.** [Open it in Colab]({colab}), or [read it on the site]({site}).'
    return dict(cell_type='markdown', id=NEXT_ID, metadata={}, source=_lines(text))

def _lines(text:str)->list:
    "A cell source as Jupyter stores it: one string per line, each but the last ending in a newline."
    return text.splitlines(keepends=True)

def _key(c): return (c['cell_type'], c.get('id'), ''.join(c['source']) if isinstance(c['source'], list) else c['source'])

def sync(nb:Path, slug:str, check:bool)->bool:
    "Put the badge and setup cells right after `nb`'s title cell (replacing older versions); True if anything changed."
    data = json.loads(nb.read_text())
    cells = data['cells']
    rest = [c for c in cells if c.get('id') not in (BADGE_ID, SETUP_ID, NEXT_ID)]
    want, last = wanted_cells(nb, slug), next_cell(nb, slug)
    tail_ok = (last is None and cells[-1].get('id') != NEXT_ID) or (last is not None and _key(cells[-1]) == _key(last))
    if [_key(c) for c in cells[1:1+len(want)]] == [_key(c) for c in want] and tail_ok: return False
    if not check:
        old = {c.get('id'): c for c in cells}
        if SETUP_ID in old and len(want) > 1:  # keep its stored run: nbval needs the execution count
            want[1]['execution_count'], want[1]['metadata'] = old[SETUP_ID].get('execution_count'), old[SETUP_ID].get('metadata', {})
        data['cells'] = rest[:1] + want + rest[1:] + ([last] if last else [])
        nb.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + '\n')  # as Jupyter writes it
    return True

if __name__ == '__main__':
    check, slug = '--check' in sys.argv, repo_slug()
    changed = [nb.name for nb in sorted((ROOT/'nbs').glob('*.ipynb')) if sync(nb, slug, check)]
    if check and changed:
        print('out of date (run `python -m tools.launch_cells`, then `.venv/bin/python -m nox -s refresh -- NB` for each):', ', '.join(changed)); sys.exit(1)
    if changed: print('updated:', ', '.join(changed))
