"""Every figure a picture, with alt text: the check the stored notebooks pass (tests/test_stored_figures.py) and the
docs site's processed pages pass too (tools/docs_check.py)."""
import re

FIG_ALT = re.compile(r'^#\|\s*fig-alt:\s*"[^"]{20,}"', re.M)

def figure_problems(nb:dict)->list:
    out = []
    for c in nb['cells']:
        if c['cell_type'] != 'code': continue
        datas = [o.get('data', {}) for o in c.get('outputs', [])]
        if any(''.join(d.get('text/plain', '')).startswith('<Figure size') and 'image/png' not in d for d in datas):
            out.append(f"cell {c.get('id')}: a figure stored as text, without its picture")
        if any('image/png' in d for d in datas) and not FIG_ALT.search(''.join(c['source'])):
            out.append(f"cell {c.get('id')}: a picture without alt text (a `#| fig-alt: \"...\"` line)")
    return out
