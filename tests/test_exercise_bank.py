"""The exercises tried with the answers of `learner_answers` (two testers who had not seen the checks, and the author's
answers that reach each message): every
right answer is accepted, every wrong one rejected with the diagnosis recorded beside it (checked as true when it was
recorded), and most wrong answers get a diagnosis that names the slip rather than only what differs: at least 80% of
the first tester's, at least 85% of the second's."""
import re
import pytest
from mnist_basics.exercise_toolkit import all_exercises, known_error
from learner_answers import AUTHOR, FIRST, SECOND

EXERCISES = all_exercises()
BANKS = {'first': FIRST, 'second': SECOND, 'author': AUTHOR}

# A diagnosis that only says what differs (a bare number, a shape, an unexplained error): never counted as naming a
# slip, whatever a bank records. A bank may mark more as generic (a leading `~`), never fewer.
GENERIC = re.compile(r'^(your code raised|(for `[^`]*`: )?(expected [-\d.e]+, got [-\d.e]+( \(.*\))?$|wrong values|'
                     r'expected shape \([^)]*\); got \([^)]*\)$))')

def wrong_ones(bank:dict)->list: return [said for answers in bank.values() for _, slip, said in answers if slip is not None]

def test_each_bank_covers_every_exercise():
    for name, bank in BANKS.items():
        # the first tester's bank predates the exercises added since; the others cover every exercise
        covered = [q for q in EXERCISES if q in bank] if name == 'first' else list(EXERCISES)
        assert list(bank) == covered, f'{name}: one entry per exercise, in chapter order'
        for q, answers in bank.items():
            right = [a for a in answers if a[1] is None]
            assert all(said is None for _, _, said in right) and all(said for _, slip, said in answers if slip), q
            assert len(answers) - len(right) >= (1 if name == 'author' else 3) and (right or name == 'author'), (name, q)
    for q, answers in SECOND.items():  # the second tester's brief: 8 per exercise, 2 right and 6 wrong
        assert len(answers) == 8 and sum(slip is None for _, slip, _ in answers) == 2, q

@pytest.mark.parametrize('bank, share', [('first', 0.80), ('second', 0.85)])
def test_most_wrong_answers_get_a_specific_diagnosis(bank, share):
    said = wrong_ones(BANKS[bank])
    unmarked = [s for s in said if not s.startswith('~') and (GENERIC.match(s) or s == 'raises: ')]
    assert not unmarked, f'these only say what differs, so they must be marked `~`: {unmarked}'
    specific = [s for s in said if not s.startswith('~')]
    assert len(specific) >= share*len(said), f'{len(specific)} of {len(said)} wrong answers named'
    assert GENERIC.match('expected 0.8333, got 0.3333') and not GENERIC.match('the bias is missing')  # the rule can fail

@pytest.mark.parametrize('bank, q', [(b, q) for b in BANKS for q in EXERCISES if q in BANKS[b]])
def test_each_answer_gets_its_verdict(bank, q):
    ex = EXERCISES[q]
    for i, (code, slip, said) in enumerate(BANKS[bank][q]):
        where = f'{bank} {q}:{i}'
        expect = said.lstrip('~') if said else None
        if expect and expect.startswith('raises: '):
            with pytest.raises(Exception) as e: ex.attempt(code)  # the learner's own cell fails: the notebook explains it
            assert (known_error(e.value) or '').startswith(expect.removeprefix('raises: ')), (where, e.value)
            continue
        fb = ex.check(ex.attempt(code), source=code)
        if slip is None: assert fb.passed, f'{where}: a right answer was rejected: {code!r}: {fb.text}'
        else:
            assert fb.verdict == 'incorrect', f'{where}: a wrong answer was accepted: {code!r} ({slip})'
            assert fb.text.removeprefix('Not yet: ').startswith(expect), f'{where}: {fb.text!r}'
            assert f'{q}.hint()' in fb.text, f'{where}: the message should point to the hint'
