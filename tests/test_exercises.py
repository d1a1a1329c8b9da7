"""Every exercise proven both ways: its solution passes its own check, and typical wrong answers — written here
independently of the exercise's list of known mistakes, as learners type them — are rejected with the specific
diagnosis (asserted as text). Also: every exercise sits in its chapter, stored as not attempted yet."""
import json, re
import torch
from pathlib import Path

import pytest
from mnist_basics.exercise_toolkit import Exercise, Feedback, all_exercises, chapters, exercise_table

CHAPTERS = chapters()

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = all_exercises()


def test_enough_exercises_each_with_hint_and_solution():
    assert len(EXERCISES) >= 24
    for q, ex in EXERCISES.items():
        assert ex.hint().text and ex.solution().code, q

@pytest.mark.parametrize('q', sorted(EXERCISES))
def test_solution_passes_and_placeholder_is_not_attempted(q):
    ex = EXERCISES[q]
    fb = ex.check(ex.reference())
    assert fb.passed, f'{q} rejects its own solution: {fb.text}'
    assert ex.check(...).verdict == 'unattempted'
    assert not ex.check(object()).passed and not ex.check(None).passed  # a checker that accepts anything fails here

def _cells(nb:Path): return json.loads(nb.read_text())['cells']

def test_every_exercise_is_in_its_chapter_stored_not_attempted():
    for ch in CHAPTERS:
        nb = ROOT/'nbs'/f'{ch.NOTEBOOK}.ipynb'
        checks = [c for c in _cells(nb) if c['cell_type'] == 'code' and '.check(' in ''.join(c['source'])]
        for ex in ch.EXERCISES:
            cells = [c for c in checks if f'{ex.qualname}.check(' in ''.join(c['source']) and 'assert' not in ''.join(c['source'])]
            assert len(cells) == 1, f'{ch.NOTEBOOK}: {ex.qualname}.check(...) should be in one cell; found {len(cells)}'
            src, out = ''.join(cells[0]['source']), cells[0]['outputs']
            assert '...' in src, f'{ex.qualname}: the stored cell should hold the placeholder `...`'
            text = ''.join(''.join(o.get('data', {}).get('text/plain', '')) for o in out)
            assert text.startswith('Not attempted yet'), f'{ex.qualname}: stored output is {text!r}'

def test_feedback_renders_as_markdown_and_text():
    fb = EXERCISES['ch01.odd_doubled'].solution()
    assert fb._repr_markdown_().startswith('**Solution:**') and '```python\nodd_doubled = ' in fb._repr_markdown_()
    assert repr(fb).startswith('Solution:') and '    odd_doubled = ' in repr(fb)
    assert exercise_table().count('\n') == len(CHAPTERS) + 1

def test_chapter_09s_net_is_below_the_test_bar():
    "09 says its small net, as the chapter trains it, gets about 93% of the test digits: below the exercise's bar."
    from torch import nn
    from fastai.torch_core import set_seed
    from mnist_basics.all_digits import load_ten_digits, load_test_digits, cross_entropy, multi_accuracy
    from mnist_basics.learner import mnist_dataloaders, train_model, BasicOptim
    from mnist_basics.exercises.ch09 import TEST_BAR
    train_x, train_y, valid_x, valid_y = load_ten_digits()
    set_seed(42)
    dls = mnist_dataloaders(train_x.view(-1, 784), train_y, valid_x.view(-1, 784), valid_y, bs=64, device='cpu')
    set_seed(42)
    mlp = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10))
    train_model(mlp, dls, BasicOptim(mlp.parameters(), lr=0.5), epochs=30, loss_func=cross_entropy, metric=multi_accuracy)
    test_x, test_y = load_test_digits()
    acc = (mlp(test_x.view(-1, 784)).argmax(1) == test_y).float().mean().item()
    assert 0.915 <= acc <= 0.945 and acc < TEST_BAR, acc

def test_predict_gets_its_images_on_the_models_device(monkeypatch):
    "A predict whose model sits on another device, and which does not move its input there, is still judged."
    import torch
    from mnist_basics.exercises import ch09 as exercises
    monkeypatch.setattr(exercises, '_accelerators', lambda: ['meta'])
    seen = []
    def predict(images):
        seen.append(images.device.type)
        if images.device.type != 'meta': raise RuntimeError('Expected all tensors to be on the same device, but found cpu and meta')
        return 'on meta'
    assert exercises._predict_anywhere(predict, torch.zeros(2)) == 'on meta' and seen == ['cpu', 'meta']
    def broken(images): raise RuntimeError('mat1 and mat2 shapes cannot be multiplied')
    with pytest.raises(RuntimeError, match='shapes'): exercises._predict_anywhere(broken, torch.zeros(2))

def _outcomes(ex, code:str)->list:
    "What `code` gives on each input of `ex` (a value exercise has one: the value), or the error it raises."
    cases = getattr(ex, 'cases', None)
    def one(i):
        try:
            answer = ex.attempt(code)
            return (ex._observe(answer, i)[0] if cases else answer), None
        except Exception as e: return None, f'{type(e).__name__}: {e}'
    return [one(i) for i in range(len(cases()) if cases else 1)]

@pytest.mark.parametrize('q', sorted(q for q, ex in EXERCISES.items() if getattr(ex, 'mistakes', None)))
def test_every_known_mistake_is_told_and_none_can_be_mistaken_for_another(q):
    "Each known mistake's sentence is what the check says to it; no two of them, and no mistake and the solution, give the same outcomes (which would let one be diagnosed as the other)."
    from mnist_basics.exercise_toolkit import compare
    ex = EXERCISES[q]
    for code, says in ex.mistakes:
        fb = ex.check(ex.attempt(code), source=code)
        assert not fb.passed and fb.text.startswith(says), f'{q}: {code!r} gets {fb.text!r}'
    seen = [(ex.solution_code, _outcomes(ex, ex.solution_code))] + [(code, _outcomes(ex, code)) for code, _ in ex.mistakes]
    same = lambda a, b: all(x[1] == y[1] and (x[1] is not None or compare(x[0], y[0]) is None) for x, y in zip(a, b))
    for i, (a, oa) in enumerate(seen):
        for b, ob in seen[i + 1:]: assert not same(oa, ob), f'{q}: these give the same outcomes on every input:\n{a}\n{b}'

def test_each_given_setup_is_the_chapters_own():
    "What a check runs before an answer (`given`) is what the chapter's notebook gives the learner: the same assignment lines, and the same names imported or defined."
    import ast
    for q, ex in EXERCISES.items():
        if not ex.given: continue
        chapter = '\n'.join(''.join(c['source']) for c in _cells(ROOT/'nbs'/f'{ex.notebook}.ipynb'))
        for stmt in ast.parse(ex.given).body:
            line = ast.get_source_segment(ex.given, stmt)
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                for alias in stmt.names:
                    name = alias.asname or alias.name
                    assert re.search(rf'(import .*\b{name}\b|def {name}\(|^{name} = )', chapter, flags=re.M), f'{q}: {name} is not in {ex.notebook}'
            else: assert line in chapter, f'{q}: `{line}` is not what {ex.notebook} gives'

def test_hints_point_the_way_without_the_answers_code():
    "No hint quotes a piece of its solution's code beyond the name of a function."
    for q, ex in EXERCISES.items():
        for span in re.findall(r'`([^`]+)`', ex.hint_text):
            a_name = re.fullmatch(r'[\w.]+(\(\))?', span)  # naming a function or method points the way; code with arguments gives it
            assert a_name or not (len(span) > 8 and span in ex.solution_code), f'{q}: the hint gives away `{span}`'

def test_rules_a_task_states_are_seen():
    "A shortcut a task rules out is refused even when its result is right; the same result written out passes."
    checks = [('ch02.l1_distance', 'def l1_distance(a, b): return F.l1_loss(a, b)', 'which the task rules out'),
              ('ch03.my_mse', 'def my_mse(preds, targets): return nn.MSELoss()(preds, targets)', 'which the task rules out'),
              ('ch07.my_sigmoid', 'def my_sigmoid(x): return torch.special.expit(x)', 'which the task rules out'),
              ('ch07.my_relu', 'def my_relu(x): return nn.ReLU()(x)', 'which the task rules out'),
              ('ch02.distances', 'def distances(stack, img): return torch.stack([(s - img).abs().mean() for s in stack])', 'a Python loop'),
              ('ch03.wb_grads', 'wb_grads = ((2*(2*x + 1 - y)*x).mean(), (2*(2*x + 1 - y)).mean())', 'the task asks for autograd')]
    for q, code, says in checks:
        assert says in EXERCISES[q].check(EXERCISES[q].attempt(code), source=code).text, q
    # the cell's code is read only where it defines the answer: an answer made in an earlier cell is judged by its value
    ex, by_hand = EXERCISES['ch03.wb_grads'], 'wb_grads = ((2*(2*x + 1 - y)*x).mean(), (2*(2*x + 1 - y)).mean())'
    assert ex.check(ex.attempt(by_hand), source='ch03.wb_grads.check(wb_grads)').passed
    assert ex.check(ex.attempt(by_hand), source='wb_grads = found_earlier').passed

def test_a_check_follows_the_learners_device_for_a_model():
    "`my_net` on another device is fed its probe input there (the meta device stands in for a GPU)."
    import torch
    from torch import nn
    net = nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1)).to('meta')
    assert EXERCISES['ch06.my_net'].check(net).passed

def test_unattempted_is_the_placeholder_only():
    "A function that still holds `...` is not attempted; a finished one that leaves its parameters alone is told so."
    ex = EXERCISES['ch04.descend']
    placeholder = 'def descend(loss_fn, params, lr, steps):\n    ...  # your code here\n    return ...'
    assert ex.check(ex.attempt(placeholder)).verdict == 'unattempted'
    rebinds = ('def descend(loss_fn, params, lr, steps):\n    for _ in range(steps):\n        loss_fn(params).backward()\n'
               '        with torch.no_grad(): new = params - lr*params.grad\n        params.grad = None\n    return ...')
    assert ex.check(ex.attempt(rebinds)).text.startswith('`params` is unchanged after the call')

def test_a_rule_read_from_the_running_cell_in_a_real_kernel():
    "In a notebook the check reads the cell it runs in (IPython keeps it in `_ih`): a hand-made gradient is caught there, and one from autograd passes."
    import nbformat
    from nbclient import NotebookClient
    cells = ['from mnist_basics.exercises import ch03\nimport torch',
             'x, y = torch.tensor([1., 2., 4.]), torch.tensor([6., 6., 8.])',
             'wb_grads = ((2*(2*x + 1 - y)*x).mean(), (2*(2*x + 1 - y)).mean())\nprint(ch03.wb_grads.check(wb_grads).text)',
             'w, b = torch.tensor(2.).requires_grad_(), torch.tensor(1.).requires_grad_()\n((w*x + b - y)**2).mean().backward()\n'
             'wb_grads = (w.grad, b.grad)\nprint(ch03.wb_grads.check(wb_grads).verdict)']
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name='python3').execute()
    said = [''.join(o.get('text', '') for o in c.outputs) for c in nb.cells]
    assert said[2].startswith('the value is right, but this cell finds them without autograd'), said[2]
    assert said[3].strip() == 'correct', said[3]

def test_every_solution_explains_itself():
    "A solution says why it is written that way and the trap it avoids, not only 'one way to write it'."
    bare = [q for q, ex in EXERCISES.items() if len(ex.why.split()) < 8]
    assert not bare, f'solutions without an explanation: {bare}'

def test_whole_numbers_are_compared_exactly_and_explained():
    "A float close to an expected whole number is still wrong, and the message says where (it once raised IndexError)."
    from mnist_basics.exercise_toolkit import compare, known_error
    assert compare(torch.tensor([1.00001, 2.]), torch.tensor([1, 2])).startswith('wrong values at position (0,)')
    try: torch.tensor([1, 2], requires_grad=True)
    except RuntimeError as e: assert 'autograd works on floats only' in known_error(e)
