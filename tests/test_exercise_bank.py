"""The exercises tried with `learner_answers.ANSWERS`: learner answers written by a tester who had not seen the checks.
Every right answer is accepted, every wrong one rejected with the diagnosis recorded below (checked as true when it was
recorded), and at least 80% of the wrong ones get a diagnosis that names what is wrong rather than only what differs."""
import re
import pytest
from mnist_basics.exercise_toolkit import all_exercises
from learner_answers import ANSWERS

EXERCISES = all_exercises()

# What the check says to each wrong answer, as the start of its text, by (exercise:index in ANSWERS). 'RAISES': the
# answer's own cell fails before any check can run (PyTorch's or Python's error is what the learner sees).
DIAGNOSES = {
    'ch01.stack_up:3': '`torch.cat` joins the images along an axis they already have ',
    'ch01.stack_up:4': 'the new axis is the second one: the images should be counted along the',
    'ch01.stack_up:5': 'a tensor of several numbers went where one number was expected — `torc',
    'ch01.stack_up:6': 'off by a constant factor: every value is the expected one divided by 255',
    'ch01.to_floats:3': 'floats, but still from 0 to 255: divide by 255 as well.',
    'ch01.to_floats:4': 'for `to_floats([[0, 51, 255]])`: bytes (torch.uint8) instead of floats',
    'ch01.to_floats:5': 'divided by 256: the largest byte is 255, and 255 must become exactly 1',
    'ch01.to_floats:6': 'an in-place operation ',
    'ch01.corner:3': 'that is the top-left corner: count from the end with `-4:`.',
    'ch01.corner:4': 'that slices the first two axes — the images and the rows; keep every i',
    'ch01.corner:5': 'five rows and five columns: row 23 is the fifth from the end of 28; th',
    'ch01.corner:6': 'one pixel per image: a single number as an index picks one row and one',
    'ch01.odd_doubled:3': 'these are the *even* numbers doubled: a number is odd when `x % 2 == 1',
    'ch01.odd_doubled:4': 'nothing passed the selection, so the result is empty: check the condit',
    'ch01.odd_doubled:5': 'all nine numbers are still there, the odd ones doubled: the even ones ',
    'ch01.odd_doubled:6': 'nine numbers: `nums % 2` holds 0s and 1s, and whole numbers as an inde',
    'ch01.odd_doubled:7': 'the odd numbers, not yet doubled.',
    'ch02.mean_image:3': 'every pixel of every image averaged into one number: average over the ',
    'ch02.mean_image:4': 'averaged over axis 1, the rows of each image: the images are counted a',
    'ch02.mean_image:5': "that is each image's own mean brightness, one number per image: averag",
    'ch02.mean_image:6': 'that is the pixel-wise sum of the images: the mean also divides by how',
    'ch02.l1_distance:3': 'it calls `l1_loss`, which the task rules out: write the L1 distance fr',
    'ch02.l1_distance:4': 'the absolute value of the mean lets the differences cancel first: make',
    'ch02.l1_distance:5': 'that is the RMSE ',
    'ch02.l1_distance:6': 'that is the sum of the absolute differences: the mean also divides by ',
    'ch02.distances:3': 'it makes 9 torch calls for 2 images and 21 for 6: a Python loop over t',
    'ch02.distances:4': "one number for the whole stack: average over each image's pixels only,",
    'ch02.distances:5': 'averaged over the images ',
    'ch02.distances:6': 'averaged over the columns only: average over the rows too.',
    'ch02.distances:7': "one number for the whole stack: average over each image's pixels only,",
    'ch03.cube_grad:3': 'RAISES',
    'ch03.cube_grad:4': 'RAISES',
    'ch03.cube_grad:5': 'that is the value of Σx³ ',
    'ch03.cube_grad:6': 'twice the gradient, as when `backward',
    'ch03.cube_grad:7': 'the value is right, but this cell finds it without autograd ',
    'ch03.sgd_step:3': 'an in-place change ',
    'ch03.sgd_step:4': '`params` is unchanged after the call: a step must change the tensor it',
    'ch03.sgd_step:5': 'that step goes uphill: the gradient points where the loss grows, so su',
    'ch03.sgd_step:6': 'the step is right, but the gradient is still in `params.grad`: `backwa',
    'ch03.sgd_step:7': '`params` is unchanged and its gradient is cleared: no step happened — ',
    'ch03.sgd_step:8': '`.grad` holds a tensor or None, not a plain number: clear it with `p.g',
    'ch03.my_mse:3': 'it calls `mse_loss`, which the task rules out: write it from tensor op',
    'ch03.my_mse:4': 'that is the RMSE: the mean squared error has no square root ',
    'ch03.my_mse:5': 'that squares the mean difference: square each difference first, then a',
    'ch03.my_mse:6': 'that is the sum of the squares: the mean also divides by how many ther',
    'ch03.my_mse:7': 'divided by the number of rows, `len',
    'ch04.my_abc:3': 'that is where the sliders start ',
    'ch04.my_abc:4': 'that is the curve the points were made from, and its MAE is 1.48: twen',
    'ch04.my_abc:5': 'the MAE of a=2.2, b=1.8, c=1.5 is 1.22: not yet below 1.2 — watch the ',
    'ch04.my_abc:6': 'one number; the task asks for the three slider values, `',
    'ch04.my_abc:7': 'the MAE of a=0.6, b=1.2, c=2.7 is 2.48, but the same numbers in the ot',
    'ch04.descend:3': 'the gradients are not cleared between steps: `backward',
    'ch04.descend:4': '`backward()` ran twice through the same calculation: compute the loss ',
    'ch04.descend:5': 'one step too few: `steps` steps were asked for ',
    'ch04.descend:6': '`params = params - ...` makes a new tensor, without gradient history',
    'ch04.descend:7': 'those steps go uphill: the gradient points where the loss grows, so su',
    'ch05.my_linear:3': '`*` multiplies element by element and lines [N, D] up against [D, 1] f',
    'ch05.my_linear:4': 'the matrix product is the wrong way round: [D, 1] @ [N, D] does not fi',
    'ch05.my_linear:5': 'the bias is missing.',
    'ch05.my_linear:6': 'expected shape ',
    'ch05.my_linear:7': 'summing everything gives one number for the whole batch: sum each row ',
    'ch05.my_loss:3': 'the values are right, but the task asks for `torch.where`: practise it',
    'ch05.my_loss:4': 'the raw outputs are used as if they were between 0 and 1: squash them ',
    'ch05.my_loss:5': 'the two distances are swapped: for a 3 ',
    'ch05.my_loss:6': 'for `my_loss([[3.0], [-1.0], [0.0]], [[1], [0], [1]])`: expected shape',
    'ch05.my_loss:7': 'the sigmoid comes after the distances here: squash the raw outputs fir',
    'ch05.my_loss:8': 'Python needed one True/False from a tensor of several values — `if`, `',
    'ch05.my_accuracy:3': 'threshold 0.5 on raw outputs: they are split at 0 (0.5 is where the line',
    'ch05.my_accuracy:4': 'the result is the share of 3s among the targets, as if every output we',
    'ch05.my_accuracy:5': 'the mean of True/False values or whole numbers needs floats first — ad',
    'ch05.my_accuracy:6': 'that counts the right answers: the accuracy divides by how many there ',
    'ch05.my_accuracy:7': 'an [N] tensor compared with [N, 1] targets broadcasts into an N×N tabl',
    'ch05.loader_accuracy:3': "that is the mean of the batches' accuracies, which gives each item of ",
    'ch05.loader_accuracy:4': "only the last batch's right answers are counted ",
    'ch05.loader_accuracy:5': 'divided by the number of batches times the size of the last batch, whi',
    'ch05.loader_accuracy:6': 'the totals are right, but the line is in the wrong place: the model gi',
    'ch06.train_loader:4': "the batches come in the data set's own order: pass `shuffle=True`, or ",
    'ch06.train_loader:5': 'its batches hold 64 items; the task asks for 256 ',
    'ch06.train_loader:6': 'the order is mixed once but then the same every epoch: `shuffle=True` ',
    'ch06.train_loader:7': "it returns a Python list of one epoch's batches, dealt once: every epo",
    'ch06.train_loader:8': "PyTorch's `DataLoader` calls the batch size `batch_size`; fastai's cal",
    'ch06.my_net:3': 'two linear layers with nothing between them are one linear layer in di',
    'ch06.my_net:4': 'RAISES',
    'ch06.my_net:5': 'RAISES',
    'ch06.my_net:6': 'two images in should give two outputs, shape ',
    'ch06.my_net:7': 'RAISES',
    'ch06.my_net:8': 'between or around the layers there is Sigmoid; the task asks for `nn.R',
    'ch06.my_net:9': '`my_net` is a `SimpleNet` of your own; the task asks you to chain the ',
    'ch06.n_params:3': '4 is the number of parameter *tensors* ',
    'ch06.n_params:4': '62 is what `len',
    'ch06.n_params:5': 'expected 23581, got 23550: 31 short. The four parameter tensors hold 2',
    'ch06.n_params:6': 'not a whole number, so not a count of numbers ',
    'ch06.n_params:7': 'the value is right, but this cell counts without `net.parameters',
    'ch07.doubled_odds:3': 'these are the *even* numbers doubled: a number is odd when `x % 2 == 1',
    'ch07.doubled_odds:4': 'all seven numbers are still there, the odd ones doubled: an `if` *afte',
    'ch07.doubled_odds:5': 'expected a list; got a `generator` object, which hands out its items o',
    'ch07.doubled_odds:6': 'nothing passed the filter, so the list is empty: check the condition ',
    'ch07.doubled_odds:7': 'the value is right, but this cell builds it without a list comprehensi',
    'ch07.doubled_odds:8': 'expected a list; got a tensor of shape ',
    'ch07.bottom_right:3': 'only the bottom-right number: positions count from 0, so the block of ',
    'ch07.bottom_right:4': 'the right corner, not doubled.',
    'ch07.bottom_right:5': 'RAISES',
    'ch07.bottom_right:6': 'RAISES',
    'ch07.bottom_right:7': 'that is the last row only, which is what `t[1:][1:]` gives ',
    'ch07.my_sigmoid:3': 'it calls `sigmoid`, which the task rules out: write it from the formul',
    'ch07.my_sigmoid:4': 'it calls `sigmoid`, which the task rules out: write it from the formul',
    'ch07.my_sigmoid:5': 'that is sigmoid',
    'ch07.my_sigmoid:6': 'that is 1 + e^(−x): `/` is done before `+`, so the denominator needs b',
    'ch07.my_sigmoid:7': 'a tensor of several numbers went where one number was expected — `torc',
    'ch07.my_sigmoid:8': 'right for moderate x, but at x = 100 `exp',
    'ch07.sgd_epoch:3': 'the gradients are not cleared between steps: from the second batch on,',
    'ch07.sgd_epoch:4': 'the gradients are not cleared between steps: from the second batch on,',
    'ch07.sgd_epoch:5': 'an in-place change ',
    'ch07.sgd_epoch:6': 'the parameters are unchanged after the call: each step must change the',
    'ch07.sgd_epoch:7': 'something was None where a value was needed: `x.grad` is None until `b',
    'ch07.sgd_epoch:8': 'one step after all the batches, with their gradients added up: step ',
    'ch07.pairs:3': "for `pairs([1, 2, 3, 4], 'abcd')`: expected a list; got a `zip` object",
    'ch07.pairs:4': 'two `for`s pair every item of `a` with every item of `b`; the task pai',
    'ch07.pairs:5': "for `pairs([1, 2, 3, 4], 'abcd')`: item 0: expected a tuple; got a Pyt",
    'ch07.pairs:6': "for `pairs([1, 2, 3, 4], 'abcd')`: expected a list; got dict {1: 'a', ",
    'ch07.pairs:7': 'the pairs are the wrong way round: numbers first.',
    'ch07.my_relu:3': 'it calls `relu`, which the task rules out: write ReLU from simpler ten',
    'ch07.my_relu:4': 'Python needed one True/False from a tensor of several values — `if`, `',
    'ch07.my_relu:5': 'the negatives are kept and the positives flattened: the other way roun',
    'ch07.my_relu:6': '`torch.max(x, 0)` is the largest value along axis 0, with its position',
    'ch07.my_relu:7': 'it changes argument 1, the tensor it was given, in place ',
    'ch07.my_relu:8': 'for `my_relu([-2.0, -0.5, 0.0, 0.5, 2.0])`: off by a constant factor: ',
    'ch08.YourLearner:2': '146 of 147 steps used a gradient that still held the gradients of earl',
    'ch08.YourLearner:3': "`fit` took 49 optimizer steps, one epoch's worth ",
    'ch08.YourLearner:4': '147 of 147 steps found no gradient ',
    'ch08.YourLearner:5': '`fit` took 24 optimizer steps: one per batch of `dls.valid` ',
    'ch08.YourLearner:6': '`fit` never called `opt_func`, so no optimizer took the steps: build o',
    'ch08.YourLearner:7': '`opt_func` takes the parameters and the learning rate, `opt_func',
    'ch08.YourLearner:8': '`backward()` was called on a result that has no gradient history: eith',
    'ch08.YourLearner:9': '`backward()` was called on a result that has no gradient history: eith',
    'ch09.my_softmax:3': "divided by each column's sum: the rows must add up to 1, so sum along ",
    'ch09.my_softmax:4': 'divided by the sum of the whole batch, so all rows *together* add up t',
    'ch09.my_softmax:5': 'these shapes cannot be broadcast together: line them up from the right',
    'ch09.my_softmax:6': 'without `.exp()` a negative score gives a negative "probability".',
    'ch09.my_softmax:7': 'the sigmoid squashes each score on its own, so the rows do not add up ',
    'ch09.my_cross_entropy:3': "`probs[:, targets]` takes every target's column for every row ",
    'ch09.my_cross_entropy:4': 'the log of a probability is negative: put a minus sign in front, so th',
    'ch09.my_cross_entropy:5': 'that is minus the log of the mean probability; cross-entropy is the me',
    'ch09.my_cross_entropy:6': 'softmax over axis 0 makes each *column* add up to 1; the probabilities',
    'ch09.my_cross_entropy:7': "that uses each row's highest probability, whatever its target: pick th",
    'ch09.my_multi_accuracy:3': '`argmax()` with no axis gives one position in the whole table, flatten',
    'ch09.my_multi_accuracy:4': '`argmax(0)` finds, for each class, the row with the highest score; a r',
    'ch09.my_multi_accuracy:5': 'that compares the highest *score* with the target; the prediction is i',
    'ch09.my_multi_accuracy:6': 'the mean of True/False values or whole numbers needs floats first — ad',
    'ch09.my_multi_accuracy:7': 'that counts the right rows: divide by how many rows there are ',
    'ch09.predict:1': "right on 93.4% of the test digits; the bar is 95.5%. The chapter's sma",
    'ch09.predict:2': "right on 67.4% of the test digits; the bar is 95.5%. The chapter's sma",
    'ch09.predict:3': 'it gets every one of the 1,000 test digits right, far beyond what 4,00',
    'ch09.predict:4': 'the images reach a layer of 784 inputs as [1000, 28, 28], which it rea',
    'ch09.predict:5': '1,000 images in should give 1,000 digits ',
}

# A diagnosis that only says what differs, without naming the slip: the kind the bank must keep below 20%.
GENERIC = re.compile(r'^(your code raised|(for `[^`]*`: )?(expected [-\d.e]+, got [-\d.e]+$|wrong values|'
                     r'expected shape \([^)]*\); got \([^)]*\)$))')

def test_the_bank_covers_every_exercise_as_the_issue_asks():
    assert list(ANSWERS) == list(EXERCISES), 'one entry per exercise, in chapter order'
    for q, answers in ANSWERS.items():
        wrong = [a for a in answers if a[1] is not None]
        assert len(answers) >= 5 and len(wrong) >= 3 and len(answers) > len(wrong), q
    assert sorted(DIAGNOSES) == sorted(f'{q}:{i}' for q, answers in ANSWERS.items()
                                       for i, (_, slip) in enumerate(answers) if slip is not None)

def test_most_wrong_answers_get_a_specific_diagnosis():
    said = [text for text in DIAGNOSES.values() if text != 'RAISES']
    generic = [text for text in said if GENERIC.match(text)]
    assert len(generic) <= 0.2*len(said), generic
    assert not GENERIC.match('the bias is missing') and GENERIC.match('expected 0.8333, got 0.3333')  # the rule can fail

@pytest.mark.parametrize('q', list(ANSWERS))
def test_each_answer_gets_its_verdict(q):
    ex = EXERCISES[q]
    for i, (code, slip) in enumerate(ANSWERS[q]):
        if DIAGNOSES.get(f'{q}:{i}') == 'RAISES':
            with pytest.raises(Exception): ex.attempt(code)
            continue
        fb = ex.check(ex.attempt(code), source=code)
        if slip is None: assert fb.passed, f'{q}: a right answer was rejected: {code!r}: {fb.text}'
        else:
            assert fb.verdict == 'incorrect', f'{q}: a wrong answer was accepted: {code!r} ({slip})'
            assert fb.text.startswith(DIAGNOSES[f'{q}:{i}']), f'{q}:{i}: {fb.text!r}'
