"""A bank of realistic learner answers to the course's 30 exercises, written by a tester who has not seen the checkers.

`ANSWERS` maps each exercise's name to a list of `(code, slip)` pairs. `code` is what a learner types in the exercise's
cell: it runs in a fresh namespace after `import torch; from torch import nn, tensor; import torch.nn.functional as F`
and the exercise's given setup, and the value it binds to the exercise's name is what is checked. `slip` is None for a
right answer; for a wrong one it says, in a few words, what is actually wrong with it. Every answer was run: right
ones against a reference on several inputs, wrong ones to confirm that they go wrong on typical inputs (a slip says
so when an answer fails only on some inputs). Where a task states a rule (no loop, without `F.l1_loss`, with
`torch.where`, ...), an answer that breaks it is wrong even when its numbers are right.
"""

ANSWERS = {
    'ch01.stack_up': [
        ("def stack_up(images):\n    return torch.stack(images)", None),
        ("def stack_up(images):\n    return torch.cat([img[None] for img in images])", None),
        ("def stack_up(images):\n    return torch.cat([img.unsqueeze(0) for img in images], dim=0)", None),
        ("def stack_up(images):\n    return torch.cat(images)",
         "torch.cat joins along the existing first axis (the rows): [N*H, W], no new axis"),
        ("def stack_up(images):\n    return torch.stack(images, dim=1)",
         "the new axis is the second, not the first: [H, N, W]"),
        ("def stack_up(images):\n    return torch.tensor(images)",
         "torch.tensor cannot build one tensor from a list of multi-element tensors: it raises an error"),
        ("def stack_up(images):\n    return torch.stack(images).float()/255",
         "stacks, but also turns the values into floats divided by 255: the task asks only to stack them"),
    ],
    'ch01.to_floats': [
        ("def to_floats(imgs):\n    return imgs.float()/255", None),
        ("def to_floats(imgs):\n    return imgs/255", None),
        ("def to_floats(imgs):\n    return imgs.to(torch.float32).div(255.0)", None),
        ("def to_floats(imgs):\n    return imgs.float()",
         "floats, but still from 0 to 255: forgot to divide by 255"),
        ("def to_floats(imgs):\n    return imgs//255",
         "floor division keeps integers: every pixel becomes 0 (or 1 where it was 255)"),
        ("def to_floats(imgs):\n    return imgs.float()/256",
         "divides by 256, not 255: the brightest byte, 255, becomes 0.996 instead of 1"),
        ("def to_floats(imgs):\n    return imgs.div_(255)",
         "in-place division of a uint8 tensor cannot hold the float result: raises a RuntimeError"),
    ],
    'ch01.corner': [
        ("def corner(stack):\n    return stack[:, -4:, -4:]", None),
        ("def corner(stack):\n    return stack[:, 24:, 24:]", None),
        ("def corner(stack):\n    return stack[..., 24:28, 24:28]", None),
        ("def corner(stack):\n    return stack[:, :4, :4]",
         "the top-left corner, not the bottom-right"),
        ("def corner(stack):\n    return stack[-4:, -4:]",
         "forgot the image axis: the last 4 rows of the last 4 images, [4, 4, 28]"),
        ("def corner(stack):\n    return stack[:, 23:, 23:]",
         "off by one: starts at row and column 23, a 5x5 corner"),
        ("def corner(stack):\n    return stack[:, -4, -4]",
         "integer indices, not slices: one pixel per image, shape [N]"),
    ],
    'ch01.odd_doubled': [
        ("nums = torch.tensor([3, 8, 5, 1, 4, 6, 7, 9, 2])\nodd_doubled = nums[nums % 2 == 1]*2", None),
        ("odd_doubled = 2*nums[nums % 2 != 0]", None),
        ("odds = nums[nums.remainder(2).bool()]\nodd_doubled = odds.mul(2)", None),
        ("odd_doubled = nums[nums % 2 == 0]*2",
         "selects the even numbers, not the odd ones"),
        ("odd_doubled = (nums*2)[nums*2 % 2 == 1]",
         "doubles before testing oddness: every doubled number is even, so the result is empty"),
        ("odd_doubled = torch.where(nums % 2 == 1, nums*2, nums)",
         "doubles the odd numbers but keeps the even ones instead of dropping them"),
        ("odd_doubled = nums[nums % 2]*2",
         "indexes with the 0/1 remainders as positions, not as a mask: nine copies of nums[0] and nums[1], doubled"),
        ("odd_doubled = nums[nums % 2 == 1]",
         "selects the odd numbers but forgot to double them"),
    ],
    'ch02.mean_image': [
        ("def mean_image(stack):\n    return stack.mean(0)", None),
        ("def mean_image(stack):\n    return stack.sum(dim=0)/len(stack)", None),
        ("def mean_image(stack):\n    return torch.mean(stack.float(), axis=0)", None),
        ("def mean_image(stack):\n    return stack.mean()",
         "the mean over every pixel of every image: one number, not an image"),
        ("def mean_image(stack):\n    return stack.mean(1)",
         "averages over each image's rows (axis 1), not over the images: [N, 28]"),
        ("def mean_image(stack):\n    return stack.mean((1, 2))",
         "each image's own mean brightness: [N], not the pixel-wise mean image"),
        ("def mean_image(stack):\n    return stack.sum(0)",
         "the pixel-wise sum: forgot to divide by the number of images"),
    ],
    'ch02.l1_distance': [
        ("def l1_distance(a, b):\n    return (a - b).abs().mean()", None),
        ("def l1_distance(a, b):\n    return abs(b - a).mean()", None),
        ("def l1_distance(a, b):\n    return torch.abs(a - b).sum()/a.numel()", None),
        ("def l1_distance(a, b):\n    return F.l1_loss(a, b)",
         "right number, but uses F.l1_loss, which the task rules out"),
        ("def l1_distance(a, b):\n    return (a - b).mean().abs()",
         "takes the absolute value after averaging: positive and negative differences cancel"),
        ("def l1_distance(a, b):\n    return ((a - b)**2).mean().sqrt()",
         "the root mean squared difference (RMSE), not the mean absolute difference"),
        ("def l1_distance(a, b):\n    return (a - b).abs().sum()",
         "the sum of the absolute differences, not their mean (784 times too large for 28x28 images)"),
    ],
    'ch02.distances': [
        ("def distances(stack, img):\n    return (stack - img).abs().mean((-1, -2))", None),
        ("def distances(stack, img):\n    return (stack - img[None]).abs().mean(dim=(1, 2))", None),
        ("def distances(stack, img):\n    diffs = (stack - img).abs()\n    return diffs.flatten(1).mean(1)", None),
        ("def distances(stack, img):\n    return torch.stack([(s - img).abs().mean() for s in stack])",
         "right numbers, but a Python loop over the images, which the task rules out"),
        ("def distances(stack, img):\n    return (stack - img).abs().mean()",
         "averages over the whole stack too: one number instead of one per image"),
        ("def distances(stack, img):\n    return (stack - img).abs().mean(0)",
         "averages over the images (axis 0): a [28, 28] image instead of [N] distances"),
        ("def distances(stack, img):\n    return (stack - img).abs().mean(-1)",
         "averages over the columns only: [N, 28], one number per row of each image"),
        ("def distances(stack, img):\n    return F.l1_loss(stack, img)",
         "F.l1_loss averages everything into one number (with a broadcasting warning), not one distance per image"),
    ],
    'ch03.cube_grad': [
        ("x = torch.tensor([1., 2., 3.], requires_grad=True)\n(x**3).sum().backward()\ncube_grad = x.grad", None),
        ("x = tensor([1, 2, 3]).float().requires_grad_()\ny = x.pow(3).sum()\ny.backward()\ncube_grad = x.grad.clone()",
         None),
        ("x = torch.tensor([1., 2., 3.], requires_grad=True)\ncube_grad, = torch.autograd.grad((x**3).sum(), x)", None),
        ("x = torch.tensor([1, 2, 3], requires_grad=True)\n(x**3).sum().backward()\ncube_grad = x.grad",
         "integer tensor: only floating-point tensors can require gradients (RuntimeError)"),
        ("x = torch.tensor([1., 2., 3.], requires_grad=True)\n(x**3).backward()\ncube_grad = x.grad",
         "backward on a 3-element tensor without summing: 'grad can be implicitly created only for scalar outputs'"),
        ("x = torch.tensor([1., 2., 3.], requires_grad=True)\ncube_grad = (x**3).sum()\ncube_grad.backward()",
         "cube_grad is the value of the sum (36), not the gradient"),
        ("x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = (x**3).sum()\ny.backward(retain_graph=True)\n"
         "y.backward()\ncube_grad = x.grad",
         "calls backward twice: the gradients add up, [6, 24, 54] instead of [3, 12, 27]"),
        ("x = torch.tensor([1., 2., 3.])\ncube_grad = 3*x**2",
         "the right numbers worked out by hand (3x²), not with autograd as the task asks"),
    ],
    'ch03.sgd_step': [
        ("def sgd_step(params, lr):\n    with torch.no_grad():\n        params -= lr*params.grad\n"
         "    params.grad.zero_()\n    return params", None),
        ("def sgd_step(params, lr):\n    params.data -= lr*params.grad.data\n    params.grad = None\n    return params",
         None),
        ("def sgd_step(params, lr):\n    with torch.no_grad():\n        params.sub_(lr*params.grad)\n"
         "        params.grad.zero_()", None),
        ("def sgd_step(params, lr):\n    params -= lr*params.grad\n    params.grad.zero_()\n    return params",
         "in-place update of a leaf that requires grad outside torch.no_grad(): raises a RuntimeError"),
        ("def sgd_step(params, lr):\n    with torch.no_grad():\n        params = params - lr*params.grad\n"
         "    params.grad = None\n    return params",
         "not in place: rebinds the local name to a new tensor, so the caller's params do not move"),
        ("def sgd_step(params, lr):\n    with torch.no_grad():\n        params += lr*params.grad\n"
         "    params.grad.zero_()\n    return params",
         "wrong sign: steps with the gradient (uphill), not against it"),
        ("def sgd_step(params, lr):\n    with torch.no_grad():\n        params -= lr*params.grad\n    return params",
         "forgot to zero the gradient"),
        ("def sgd_step(params, lr):\n    params.grad.zero_()\n    with torch.no_grad():\n"
         "        params -= lr*params.grad\n    return params",
         "zeroes the gradient before the step, so params do not move at all"),
        ("def sgd_step(params, lr):\n    with torch.no_grad():\n        params -= lr*params.grad\n"
         "    params.grad = 0\n    return params",
         "assigns the integer 0 to .grad, which must be a tensor or None: raises a TypeError"),
    ],
    'ch03.my_mse': [
        ("def my_mse(preds, targets):\n    return ((preds - targets)**2).mean()", None),
        ("def my_mse(preds, targets):\n    return (targets - preds).pow(2).mean()", None),
        ("def my_mse(preds, targets):\n    diff = preds - targets\n    return (diff*diff).sum()/diff.numel()", None),
        ("def my_mse(preds, targets):\n    return F.mse_loss(preds, targets)",
         "right number, but calls F.mse_loss, which the task rules out"),
        ("def my_mse(preds, targets):\n    return ((preds - targets)**2).mean().sqrt()",
         "takes the square root: RMSE, not MSE"),
        ("def my_mse(preds, targets):\n    return (preds - targets).mean()**2",
         "squares the mean error instead of averaging the squared errors"),
        ("def my_mse(preds, targets):\n    return ((preds - targets)**2).sum()",
         "the sum of squared errors: forgot to divide by the number of items"),
        ("def my_mse(preds, targets):\n    return ((preds - targets)**2).sum()/len(preds)",
         "divides by len(preds), the first axis only: right for 1-D and [N, 1] inputs, too large when each row holds"
         " several numbers ([N, 3]: 3 times too large)"),
    ],
    'ch04.my_abc': [
        ("my_abc = (2.7, 1.2, 0.6)", None),
        ("my_abc = [2.6, 1.1, 1.1]  # only the a slider moved", None),
        ("import numpy as np\nmy_abc = tuple(np.array([2.5, 1.5, 1.1]))", None),
        ("my_abc = (1.1, 1.1, 1.1)",
         "the sliders' starting values: MAE 2.42"),
        ("my_abc = (3, 2, 1)",
         "the curve the noisy points were drawn around (3x² + 2x + 1), not a fit to them: MAE 1.48"),
        ("my_abc = (2.2, 1.8, 1.5)",
         "stopped too early: MAE 1.22, not below 1.2"),
        ("my_abc = 1.02",
         "wrote down the MAE readout instead of the three slider values"),
        ("my_abc = (0.6, 1.2, 2.7)",
         "the three values in the wrong order (c, b, a): MAE far above 1.2"),
    ],
    'ch04.descend': [
        ("def descend(loss_fn, params, lr, steps):\n    for _ in range(steps):\n        loss = loss_fn(params)\n"
         "        loss.backward()\n        with torch.no_grad():\n            params -= lr*params.grad\n"
         "        params.grad.zero_()\n    return params", None),
        ("def descend(loss_fn, params, lr, steps):\n    for i in range(steps):\n        loss_fn(params).backward()\n"
         "        params.data -= lr*params.grad.data\n        params.grad = None\n    return params", None),
        ("def descend(loss_fn, params, lr, steps):\n    opt = torch.optim.SGD([params], lr=lr)\n"
         "    for _ in range(steps):\n        loss_fn(params).backward()\n        opt.step()\n        opt.zero_grad()\n"
         "    return params", None),
        ("def descend(loss_fn, params, lr, steps):\n    for _ in range(steps):\n        loss_fn(params).backward()\n"
         "        with torch.no_grad():\n            params -= lr*params.grad\n    return params",
         "never zeroes the gradient: each step uses the sum of all the gradients so far"),
        ("def descend(loss_fn, params, lr, steps):\n    loss = loss_fn(params)\n    for _ in range(steps):\n"
         "        loss.backward()\n        with torch.no_grad():\n            params -= lr*params.grad\n"
         "        params.grad.zero_()\n    return params",
         "computes the loss once, before the loop: the second backward through the freed graph raises a RuntimeError"),
        ("def descend(loss_fn, params, lr, steps):\n    for _ in range(1, steps):\n        loss_fn(params).backward()\n"
         "        with torch.no_grad():\n            params -= lr*params.grad\n        params.grad.zero_()\n"
         "    return params",
         "off by one: range(1, steps) takes steps - 1 steps"),
        ("def descend(loss_fn, params, lr, steps):\n    for _ in range(steps):\n        loss_fn(params).backward()\n"
         "        with torch.no_grad():\n            params = params - lr*params.grad\n    return params",
         "not in place: rebinds params to a new tensor without grad, so the second step's backward raises a"
         " RuntimeError (and the caller's tensor would not move)"),
        ("def descend(loss_fn, params, lr, steps):\n    for _ in range(steps):\n        loss_fn(params).backward()\n"
         "        with torch.no_grad():\n            params += lr*params.grad\n        params.grad.zero_()\n"
         "    return params",
         "wrong sign: climbs the gradient, so the loss rises"),
    ],
    'ch05.my_linear': [
        ("def my_linear(xb, weights, bias):\n    return xb@weights + bias", None),
        ("def my_linear(xb, weights, bias):\n    return torch.matmul(xb, weights) + bias", None),
        ("def my_linear(xb, weights, bias):\n    return (xb*weights.T).sum(dim=1, keepdim=True) + bias", None),
        ("def my_linear(xb, weights, bias):\n    return xb*weights + bias",
         "element-wise product instead of a matrix product: [N, D] times [D, 1] fails to broadcast unless N == D"),
        ("def my_linear(xb, weights, bias):\n    return weights@xb + bias",
         "operands in the wrong order: [D, 1] @ [N, D] raises a shape error"),
        ("def my_linear(xb, weights, bias):\n    return xb@weights",
         "forgot the bias"),
        ("def my_linear(xb, weights, bias):\n    return (xb*weights.T).sum(1) + bias",
         "sums without keepdim: shape [N], not [N, 1]"),
        ("def my_linear(xb, weights, bias):\n    return (xb*weights.T).sum() + bias",
         "sums over every row too: one number for the whole batch"),
    ],
    'ch05.my_loss': [
        ("def my_loss(preds, targets):\n    preds = preds.sigmoid()\n"
         "    return torch.where(targets == 1, 1 - preds, preds).mean()", None),
        ("def my_loss(preds, targets):\n    p = 1/(1 + torch.exp(-preds))\n"
         "    return torch.where(targets.bool(), 1 - p, p).mean()", None),
        ("def my_loss(preds, targets):\n    s = torch.sigmoid(preds)\n    return torch.where(targets == 0, s, 1 - s).mean()",
         None),
        ("def my_loss(preds, targets):\n    return (targets - preds.sigmoid()).abs().mean()",
         "right number, but without torch.where, which the task asks for"),
        ("def my_loss(preds, targets):\n    return torch.where(targets == 1, 1 - preds, preds).mean()",
         "forgot the sigmoid: distances of raw outputs, which can be negative or larger than 1"),
        ("def my_loss(preds, targets):\n    preds = preds.sigmoid()\n"
         "    return torch.where(targets == 1, preds, 1 - preds).mean()",
         "the two branches swapped: measures the distance from the wrong target (1 - the loss)"),
        ("def my_loss(preds, targets):\n    preds = preds.sigmoid()\n    return torch.where(targets == 1, 1 - preds, preds)",
         "forgot the mean: one distance per item, [N, 1], not a single loss"),
        ("def my_loss(preds, targets):\n    return torch.where(targets == 1, 1 - preds, preds).sigmoid().mean()",
         "squashes after the distance instead of before: sigmoid(1 - x) or sigmoid(x), not 1 - sigmoid(x)"),
        ("def my_loss(preds, targets):\n    preds = preds.sigmoid()\n    if targets == 1:\n        return (1 - preds).mean()\n"
         "    return preds.mean()",
         "a Python if on a tensor of many targets: 'Boolean value of Tensor with more than one value is ambiguous'"
         " (and no torch.where)"),
    ],
    'ch05.my_accuracy': [
        ("def my_accuracy(preds, targets):\n    return ((preds > 0) == targets).float().mean()", None),
        ("def my_accuracy(preds, targets):\n    return ((preds.sigmoid() > 0.5).float() == targets).float().mean()", None),
        ("def my_accuracy(preds, targets):\n    correct = (preds > 0.0).long() == targets\n"
         "    return correct.sum()/len(targets)", None),
        ("def my_accuracy(preds, targets):\n    return ((preds > 0.5) == targets).float().mean()",
         "uses 0.5 on raw outputs: the line is at 0, so outputs between 0 and 0.5 are called 7s"),
        ("def my_accuracy(preds, targets):\n    return ((preds.sigmoid() > 0) == targets).float().mean()",
         "0 after the sigmoid: every sigmoid is above 0, so everything is called a 3"),
        ("def my_accuracy(preds, targets):\n    return ((preds > 0) == targets).mean()",
         "mean of a bool tensor: raises a RuntimeError (needs .float() first)"),
        ("def my_accuracy(preds, targets):\n    return ((preds > 0) == targets).float().sum()",
         "the number right, not the fraction"),
        ("def my_accuracy(preds, targets):\n    return ((preds.squeeze() > 0) == targets).float().mean()",
         "squeezes preds to [N] but not targets [N, 1]: the comparison broadcasts to [N, N] and the mean is wrong"),
    ],
    'ch05.loader_accuracy': [
        ("def loader_accuracy(model, dl):\n    correct, total = 0., 0\n    for xb, yb in dl:\n"
         "        correct += batch_accuracy(model(xb), yb)*len(xb)\n        total += len(xb)\n    return correct/total",
         None),
        ("def loader_accuracy(model, dl):\n    with torch.no_grad():\n"
         "        preds, ys = zip(*[(model(xb), yb) for xb, yb in dl])\n"
         "    return batch_accuracy(torch.cat(preds), torch.cat(ys)).item()", None),
        ("def loader_accuracy(model, dl):\n    right = n = 0\n    for xb, yb in dl:\n"
         "        right += ((model(xb) > 0) == yb).sum().item()\n        n += len(yb)\n    return right/n", None),
        ("def loader_accuracy(model, dl):\n    return torch.stack([batch_accuracy(model(xb), yb) for xb, yb in dl]).mean()",
         "the plain mean of the batch accuracies: the smaller last batch counts as much as a full one"),
        ("def loader_accuracy(model, dl):\n    correct, total = 0., 0\n    for xb, yb in dl:\n"
         "        correct = batch_accuracy(model(xb), yb)*len(xb)\n        total += len(xb)\n    return correct/total",
         "= instead of +=: keeps only the last batch's correct count, divided by all the items"),
        ("def loader_accuracy(model, dl):\n    correct = 0\n    for xb, yb in dl:\n"
         "        correct += ((model(xb) > 0) == yb).sum()\n    return correct/(len(dl)*len(xb))",
         "divides by the number of batches times the last batch's size, not by the number of items"),
        ("def loader_accuracy(model, dl):\n    right = n = 0\n    for xb, yb in dl:\n"
         "        right += ((model(xb) > 0.5) == yb).sum().item()\n        n += len(yb)\n    return right/n",
         "threshold 0.5 on raw outputs: the task says a 3 when the output is above 0"),
    ],
    'ch06.train_loader': [
        ("def train_loader(dset):\n    return DataLoader(dset, bs=256, shuffle=True)", None),
        ("def train_loader(dset):\n    return DataLoader(dset, batch_size=256, shuffle=True)", None),
        ("def train_loader(dset):\n    return DataLoader(dset, 256, shuffle=True)", None),
        ("def train_loader(dset):\n    import torch.utils.data\n"
         "    return torch.utils.data.DataLoader(dset, batch_size=256, shuffle=True)", None),
        ("def train_loader(dset):\n    return DataLoader(dset, bs=256)",
         "no shuffle: the same order, the order of dset, every epoch"),
        ("def train_loader(dset):\n    return DataLoader(dset, bs=64, shuffle=True)",
         "batches of 64, not 256"),
        ("import random\ndef train_loader(dset):\n    random.shuffle(dset)\n    return DataLoader(dset, bs=256)",
         "shuffles once, when the loader is made (and in the caller's list): the same order in every epoch"),
        ("def train_loader(dset):\n    return list(DataLoader(dset, bs=256, shuffle=True))",
         "a list of one epoch's batches: the order is fixed from then on, never reshuffled"),
        ("from torch.utils.data import DataLoader\ndef train_loader(dset):\n"
         "    return DataLoader(dset, bs=256, shuffle=True)",
         "PyTorch's DataLoader takes batch_size, not fastai's bs: raises a TypeError"),
    ],
    'ch06.my_net': [
        ("my_net = nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1))", None),
        ("my_net = nn.Sequential(\n    nn.Linear(28*28, 30),\n    nn.ReLU(inplace=True),\n    nn.Linear(30, 1),\n)",
         None),
        ("from collections import OrderedDict\nmy_net = nn.Sequential(OrderedDict(hidden=nn.Linear(784, 30), "
         "relu=nn.ReLU(), out=nn.Linear(30, 1)))", None),
        ("my_net = nn.Sequential(nn.Linear(784, 30), nn.Linear(30, 1))",
         "no ReLU: two linear layers collapse into one linear function"),
        ("my_net = nn.Sequential(nn.Linear(784, 30), nn.ReLU, nn.Linear(30, 1))",
         "nn.ReLU without brackets is the class, not a layer: nn.Sequential raises a TypeError"),
        ("my_net = nn.Sequential(nn.Linear(784, 30), F.relu, nn.Linear(30, 1))",
         "F.relu is a function, not a module: nn.Sequential raises a TypeError"),
        ("my_net = nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 10))",
         "ten outputs (one per digit), not one"),
        ("my_net = nn.Sequential([nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1)])",
         "passes a list: nn.Sequential wants the modules as separate arguments (TypeError)"),
        ("my_net = nn.Sequential(nn.Linear(784, 30), nn.Sigmoid(), nn.Linear(30, 1))",
         "a sigmoid between the layers, not a ReLU"),
        ("class SimpleNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.hidden, self.out = nn.Linear(784, 30), nn.Linear(30, 1)\n"
         "    def forward(self, x):\n        return self.out(F.relu(self.hidden(x)))\n\nmy_net = SimpleNet()",
         "the same function, but a custom nn.Module, not built with nn.Sequential as the task asks"),
    ],
    'ch06.n_params': [
        ("n_params = sum(p.numel() for p in net.parameters())", None),
        ("n_params = sum(map(torch.numel, net.parameters()))", None),
        ("import numpy as np\nn_params = np.sum([p.numel() for p in net.parameters() if p.requires_grad])", None),
        ("n_params = len(list(net.parameters()))",
         "counts the parameter tensors (4), not the numbers in them"),
        ("n_params = sum(len(p) for p in net.parameters())",
         "len is only the first axis of each tensor (30 + 30 + 1 + 1 = 62), not numel"),
        ("n_params = net[0].weight.numel() + net[2].weight.numel()",
         "forgot the biases: 23,550 instead of 23,581"),
        ("n_params = sum(p.sum() for p in net.parameters())",
         "adds up the parameters' values, not how many there are"),
        ("n_params = 784*30 + 30 + 30*1 + 1",
         "the right number, but worked out by hand, not from net's parameters as the task asks"),
    ],
    'ch07.doubled_odds': [
        ("numbers = [3, 8, 5, 1, 4, 6, 7]\ndoubled_odds = [n*2 for n in numbers if n % 2 == 1]", None),
        ("doubled_odds = [2*n for n in numbers if n % 2]", None),
        ("doubled_odds = [n + n for n in numbers if n & 1]", None),
        ("doubled_odds = [n*2 for n in numbers if n % 2 == 0]",
         "keeps the even numbers, not the odd ones"),
        ("doubled_odds = [n*2 if n % 2 else n for n in numbers]",
         "a conditional expression, not a filter: doubles the odd numbers but keeps the even ones"),
        ("doubled_odds = (n*2 for n in numbers if n % 2 == 1)",
         "round brackets make a generator, not a list"),
        ("doubled_odds = [n*2 for n in numbers if n*2 % 2 == 1]",
         "tests the doubled number for oddness: always even, so the list is empty"),
        ("doubled_odds = []\nfor n in numbers:\n    if n % 2 == 1:\n        doubled_odds.append(n*2)",
         "the right list, but built with a for loop and append, not a list comprehension as the question asks"),
        ("t = torch.tensor(numbers)\ndoubled_odds = t[t % 2 == 1]*2",
         "a tensor, not a list, and no list comprehension"),
    ],
    'ch07.bottom_right': [
        ("t = torch.arange(1, 10).view(3, 3)*2\nbottom_right = t[1:, 1:]", None),
        ("t = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])\ndoubled = t*2\nbottom_right = doubled[-2:, -2:]", None),
        ("bottom_right = (torch.arange(1., 10.).reshape(3, 3)*2)[1:3, 1:3]", None),
        ("t = torch.arange(1, 10).view(3, 3)*2\nbottom_right = t[2:, 2:]",
         "off by one: only the last number, [[18]], not the bottom-right four"),
        ("t = torch.arange(1, 10).view(3, 3)\nbottom_right = t[1:, 1:]",
         "forgot to double: [[5, 6], [8, 9]]"),
        ("t = torch.arange(1, 9).view(3, 3)*2\nbottom_right = t[1:, 1:]",
         "arange(1, 9) stops at 8: eight numbers cannot be viewed as 3x3 (RuntimeError)"),
        ("t = torch.arange(1, 10).view(3, 3)\nbottom_right = t*2[1:, 1:]",
         "precedence: indexes the number 2, not the doubled tensor (TypeError)"),
        ("t = torch.arange(1, 10).view(3, 3)*2\nbottom_right = t[1:][1:]",
         "chained indexing slices the rows twice: [[14, 16, 18]], not a 2x2 corner"),
    ],
    'ch07.my_sigmoid': [
        ("def my_sigmoid(x):\n    return 1/(1 + torch.exp(-x))", None),
        ("def my_sigmoid(x):\n    return (1 + (-x).exp()).reciprocal()", None),
        ("def my_sigmoid(x):\n    return 0.5*(1 + torch.tanh(x/2))", None),
        ("def my_sigmoid(x):\n    return torch.sigmoid(x)",
         "calls torch.sigmoid, which the question rules out"),
        ("def my_sigmoid(x):\n    return x.sigmoid()",
         "torch's sigmoid again, as a method: the question asks for it without torch.sigmoid"),
        ("def my_sigmoid(x):\n    return 1/(1 + torch.exp(x))",
         "wrong sign in the exponent: sigmoid(-x), falling instead of rising"),
        ("def my_sigmoid(x):\n    return 1/1 + torch.exp(-x)",
         "missing brackets: 1 + e^(-x), not 1/(1 + e^(-x))"),
        ("import math\ndef my_sigmoid(x):\n    return 1/(1 + math.exp(-x))",
         "math.exp works on one number only: a tensor of several raises an error (a one-element tensor gives a"
         " Python float)"),
        ("def my_sigmoid(x):\n    return torch.exp(x)/(1 + torch.exp(x))",
         "the formula rearranged, but e^x overflows for x above about 88: inf/inf gives nan there"
         " (right for moderate x)"),
    ],
    'ch07.sgd_epoch': [
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    for xb, yb in batches:\n"
         "        loss = loss_func(model(xb), yb)\n        loss.backward()\n        with torch.no_grad():\n"
         "            for p in params: p -= lr*p.grad\n        for p in params: p.grad = None", None),
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    params = list(params)\n    losses = []\n"
         "    for xb, yb in batches:\n        # 1. predict, 2. loss, 3. gradients\n"
         "        loss = loss_func(model(xb), yb)\n        loss.backward()\n"
         "        # 4. step every parameter against its gradient, 5. clear the gradients\n"
         "        for p in params:\n            p.data -= lr*p.grad.data\n            p.grad.zero_()\n"
         "        losses.append(loss.item())\n    return sum(losses)/len(losses)", None),
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    opt = torch.optim.SGD(params, lr=lr)\n"
         "    for xb, yb in batches:\n        opt.zero_grad()\n        loss_func(model(xb), yb).backward()\n"
         "        opt.step()\n    opt.zero_grad()", None),
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    for xb, yb in batches:\n"
         "        loss_func(model(xb), yb).backward()\n        with torch.no_grad():\n"
         "            for p in params: p -= lr*p.grad",
         "never clears the gradients: each step uses the sum of all the batches' gradients so far"),
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    for xb, yb in batches:\n"
         "        loss_func(model(xb), yb).backward()\n        with torch.no_grad():\n"
         "            for p in params: p -= lr*p.grad\n    for p in params: p.grad = None",
         "clears the gradients once, after the loop, not after each batch: they pile up within the epoch"),
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    for xb, yb in batches:\n"
         "        loss_func(model(xb), yb).backward()\n        for p in params:\n            p -= lr*p.grad\n"
         "            p.grad = None",
         "updates a leaf that requires grad in place outside torch.no_grad(): raises a RuntimeError"),
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    for xb, yb in batches:\n"
         "        loss_func(model(xb), yb).backward()\n        with torch.no_grad():\n"
         "            for p in params:\n                p = p - lr*p.grad\n        for p in params: p.grad = None",
         "p = p - ... rebinds the loop variable to a new tensor: the parameters never change"),
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    for xb, yb in batches:\n"
         "        loss = loss_func(model(xb), yb)\n        loss.backward\n        with torch.no_grad():\n"
         "            for p in params: p -= lr*p.grad\n        for p in params: p.grad = None",
         "loss.backward without brackets never runs: p.grad is None and the step raises a TypeError"),
        ("def sgd_epoch(model, batches, params, lr, loss_func):\n    for xb, yb in batches:\n"
         "        loss_func(model(xb), yb).backward()\n    with torch.no_grad():\n"
         "        for p in params: p -= lr*p.grad\n    for p in params: p.grad = None",
         "one step for the whole epoch (with the summed gradients of every batch), not one step per batch"),
    ],
    'ch07.pairs': [
        ("def pairs(a, b):\n    return list(zip(a, b))", None),
        ("def pairs(a, b):\n    return [(x, y) for x, y in zip(a, b)]", None),
        ("def pairs(a, b):\n    return list(map(lambda x, y: (x, y), a, b))", None),
        ("def pairs(a, b):\n    return zip(a, b)",
         "a zip object (a one-pass iterator), not a list"),
        ("def pairs(a, b):\n    return [(x, y) for x in a for y in b]",
         "two for clauses nest: every x with every y, 16 pairs instead of 4"),
        ("def pairs(a, b):\n    return [[x, y] for x, y in zip(a, b)]",
         "lists [1, 'a'], not tuples (1, 'a')"),
        ("def pairs(a, b):\n    return dict(zip(a, b))",
         "a dict {1: 'a', ...}, not a list of pairs"),
        ("def pairs(a, b):\n    return list(zip(b, a))",
         "each pair the wrong way round: ('a', 1)"),
    ],
    'ch07.my_relu': [
        ("def my_relu(x):\n    return x.clamp(min=0)", None),
        ("def my_relu(x):\n    return torch.where(x > 0, x, torch.zeros_like(x))", None),
        ("def my_relu(x):\n    return torch.maximum(x, torch.zeros_like(x))", None),
        ("def my_relu(x):\n    return F.relu(x)",
         "calls F.relu, which the question rules out"),
        ("def my_relu(x):\n    return max(x, 0)",
         "Python's max compares the whole tensor with 0: 'Boolean value of Tensor ... is ambiguous'"),
        ("def my_relu(x):\n    return x.clamp(max=0)",
         "clamps from above: keeps the negatives and turns the positives into 0"),
        ("def my_relu(x):\n    return torch.max(x, 0)",
         "torch.max(x, 0) is the maximum along axis 0 (values and index), not an element-wise max with 0"),
        ("def my_relu(x):\n    x[x < 0] = 0\n    return x",
         "right values, but overwrites the caller's tensor in place: its negatives are lost"),
        ("def my_relu(x):\n    return x + x.abs()",
         "forgot to halve: (x + |x|)/2 is the ReLU, this doubles every positive number"),
    ],
    'ch08.YourLearner': [
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.opt_func = dls, model, loss_func, opt_func
        self.metrics = metrics if isinstance(metrics, (list, tuple)) else [metrics]

    def fit(self, epochs, lr):
        opt = self.opt_func(list(self.model.parameters()), lr)
        for epoch in range(epochs):
            for xb, yb in self.dls.train:
                loss = self.loss_func(self.model(xb), yb)
                loss.backward()
                opt.step()
                opt.zero_grad()
            with torch.no_grad():
                batches = [(xb, yb, self.model(xb)) for xb, yb in self.dls.valid]
            n = sum(len(xb) for xb, _, _ in batches)
            scores = [sum(float(m(p, yb))*len(xb) for xb, yb, p in batches)/n for m in self.metrics]
            print(epoch, round(loss.item(), 4), *[round(s, 4) for s in scores])
''', None),
        ('''from fastcore.foundation import L
from mnist_basics.mnist_loss import validate_epoch

class YourLearner:
    "Predict, loss, backward, step, zero: the loop of chapters 05 and 06, with a table row per epoch."
    def __init__(self, dls, model, loss_func, opt_func, metrics=None):
        self.dls, self.model, self.loss_func, self.opt_func, self.metrics = dls, model, loss_func, opt_func, L(metrics)

    def one_batch(self, xb, yb):
        self.opt.zero_grad()
        loss = self.loss_func(self.model(xb), yb)
        loss.backward()
        self.opt.step()
        return loss.item()

    def fit(self, epochs, lr):
        self.opt = self.opt_func(self.model.parameters(), lr)
        self.history = []
        for epoch in range(epochs):
            self.model.train()
            losses = [self.one_batch(xb, yb) for xb, yb in self.dls.train]
            self.model.eval()
            row = [validate_epoch(self.model, self.dls.valid, m) for m in self.metrics]
            self.history.append(row)
            print(f'epoch {epoch}: train loss {sum(losses)/len(losses):.4f}', row)
        return self
''', None),
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.opt_func, self.metrics = dls, model, loss_func, opt_func, metrics

    def fit(self, epochs, lr):
        opt = self.opt_func(self.model.parameters(), lr)
        for epoch in range(epochs):
            for xb, yb in self.dls.train:
                loss = self.loss_func(self.model(xb), yb)
                loss.backward()
                opt.step()
''', "never calls zero_grad: every step uses the sum of all the gradients so far (it still reaches about 97% on"
     " MNIST_SAMPLE: only watching the optimizer shows it)"),
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.opt_func, self.metrics = dls, model, loss_func, opt_func, metrics

    def fit(self, epochs, lr):
        opt = self.opt_func(self.model.parameters(), lr)
        for xb, yb in self.dls.train:
            loss = self.loss_func(self.model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
''', "ignores epochs: one pass over the training batches whatever fit is asked for (one epoch already reaches about"
     " 97%: only counting the steps shows it)"),
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.opt_func, self.metrics = dls, model, loss_func, opt_func, metrics

    def fit(self, epochs, lr):
        opt = self.opt_func(self.model.parameters(), lr)
        for epoch in range(epochs):
            for xb, yb in self.dls.train:
                loss = self.loss_func(self.model(xb), yb)
                opt.step()
                loss.backward()
                opt.zero_grad()
''', "steps before backward: each step finds no gradient (or a zeroed one), so the model never learns"),
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.opt_func, self.metrics = dls, model, loss_func, opt_func, metrics

    def fit(self, epochs, lr):
        opt = self.opt_func(self.model.parameters(), lr)
        for epoch in range(epochs):
            for xb, yb in self.dls.valid:
                loss = self.loss_func(self.model(xb), yb)
                loss.backward()
                opt.step()
                opt.zero_grad()
''', "trains on the validation batches, not the training ones (unshuffled, all 3s then all 7s: it ends near 50%)"),
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.metrics = dls, model, loss_func, metrics

    def fit(self, epochs, lr):
        params = list(self.model.parameters())
        for epoch in range(epochs):
            for xb, yb in self.dls.train:
                self.loss_func(self.model(xb), yb).backward()
                with torch.no_grad():
                    for p in params: p -= lr*p.grad
                for p in params: p.grad = None
''', "ignores opt_func and steps the weights by hand: the optimizer it is given is never built or used (the"
     " accuracy is fine, about 97%)"),
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.opt_func, self.metrics = dls, model, loss_func, opt_func, metrics

    def fit(self, epochs, lr):
        opt = self.opt_func(self.model.parameters())
        for epoch in range(epochs):
            for xb, yb in self.dls.train:
                loss = self.loss_func(self.model(xb), yb)
                loss.backward()
                opt.step()
                opt.zero_grad()
''', "never passes lr to opt_func(params, lr): building the optimizer raises a TypeError"),
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.opt_func, self.metrics = dls, model, loss_func, opt_func, metrics

    def fit(self, epochs, lr):
        opt = self.opt_func(self.model.parameters(), lr)
        for epoch in range(epochs):
            for xb, yb in self.dls.train:
                loss = self.loss_func(yb, self.model(xb))
                loss.backward()
                opt.step()
                opt.zero_grad()
''', "loss_func(targets, predictions): the arguments swapped, so mnist_loss squashes the targets and the model's"
     " outputs only pick a branch: the loss has no gradient and backward raises a RuntimeError"),
        ('''class YourLearner:
    def __init__(self, dls, model, loss_func, opt_func, metrics):
        self.dls, self.model, self.loss_func, self.opt_func, self.metrics = dls, model, loss_func, opt_func, metrics

    def fit(self, epochs, lr):
        opt = self.opt_func(self.model.parameters(), lr)
        with torch.no_grad():
            for epoch in range(epochs):
                for xb, yb in self.dls.train:
                    loss = self.loss_func(self.model(xb), yb)
                    loss.backward()
                    opt.step()
                    opt.zero_grad()
''', "the whole training loop under torch.no_grad(): the loss has no graph, so backward raises a RuntimeError"),
    ],
    'ch09.my_softmax': [
        ("def my_softmax(scores):\n    e = (scores - scores.max(1, keepdim=True).values).exp()\n"
         "    return e/e.sum(1, keepdim=True)", None),
        ("def my_softmax(scores):\n    return torch.exp(scores - torch.logsumexp(scores, dim=-1, keepdim=True))", None),
        ("def my_softmax(scores):\n    shifted = scores - scores.amax(dim=-1, keepdim=True)\n"
         "    return shifted.exp()/shifted.exp().sum(dim=-1, keepdim=True)", None),
        ("def my_softmax(scores):\n    e = scores.exp()\n    return e/e.sum(0, keepdim=True)",
         "sums down the columns (axis 0): each class adds up to 1 over the rows, not each row over the classes"),
        ("def my_softmax(scores):\n    e = scores.exp()\n    return e/e.sum()",
         "divides by the sum of the whole tensor: the rows add up to 1 only together"),
        ("def my_softmax(scores):\n    e = scores.exp()\n    return e/e.sum(1)",
         "sum without keepdim: [N, C] / [N] does not broadcast per row (an error unless N == C, then wrong)"),
        ("def my_softmax(scores):\n    return scores/scores.sum(1, keepdim=True)",
         "forgot the exp: negative scores give negative 'probabilities' (and a zero row sum divides by 0)"),
        ("def my_softmax(scores):\n    return scores.sigmoid()",
         "a sigmoid per score: positive, but the rows do not add up to 1"),
        # right for what the task states; exp's overflow above about 88 is the chapter's later lesson, not the task's
        ("def my_softmax(scores):\n    e = torch.exp(scores)\n    return e/e.sum(dim=1, keepdim=True)", None),
    ],
    'ch09.my_cross_entropy': [
        ("def my_cross_entropy(scores, targets):\n    probs = torch.softmax(scores, dim=1)\n"
         "    return -probs[torch.arange(len(targets)), targets].log().mean()", None),
        ("def my_cross_entropy(scores, targets):\n"
         "    return -torch.log_softmax(scores, -1).gather(1, targets[:, None]).mean()", None),
        ("def my_cross_entropy(scores, targets):\n    p = scores.softmax(-1)\n"
         "    picked = (p*F.one_hot(targets, scores.shape[1])).sum(1)\n    return -torch.log(picked).mean()", None),
        ("def my_cross_entropy(scores, targets):\n    probs = torch.softmax(scores, dim=1)\n"
         "    return -probs[:, targets].log().mean()",
         "probs[:, targets] takes the target columns for every row, [N, N]: averages every row's log at every target"),
        ("def my_cross_entropy(scores, targets):\n    probs = torch.softmax(scores, dim=1)\n"
         "    return probs[torch.arange(len(targets)), targets].log().mean()",
         "forgot the minus sign: the loss is negative"),
        ("def my_cross_entropy(scores, targets):\n    probs = torch.softmax(scores, dim=1)\n"
         "    return -probs[torch.arange(len(targets)), targets].mean().log()",
         "the log of the mean probability, not the mean of the logs"),
        ("def my_cross_entropy(scores, targets):\n    probs = torch.softmax(scores, dim=0)\n"
         "    return -probs[torch.arange(len(targets)), targets].log().mean()",
         "softmax over axis 0 (the rows), not over each row's classes"),
        ("def my_cross_entropy(scores, targets):\n    probs = torch.softmax(scores, dim=1)\n"
         "    return -probs.max(1).values.log().mean()",
         "uses each row's highest probability, whatever the target class"),
    ],
    'ch09.my_multi_accuracy': [
        ("def my_multi_accuracy(scores, targets):\n    return (scores.argmax(1) == targets).float().mean()", None),
        ("def my_multi_accuracy(scores, targets):\n    return (scores.max(dim=-1).indices == targets).double().mean()",
         None),
        ("def my_multi_accuracy(scores, targets):\n    preds = torch.softmax(scores, 1).argmax(1)\n"
         "    return preds.eq(targets).sum().item()/len(targets)", None),
        ("def my_multi_accuracy(scores, targets):\n    return (scores.argmax() == targets).float().mean()",
         "argmax without an axis: one index into the flattened scores, compared with every target"),
        ("def my_multi_accuracy(scores, targets):\n    return (scores.argmax(0) == targets).float().mean()",
         "argmax down the columns (axis 0): a row index per class, not a class per row (a shape error unless there"
         " are as many rows as classes)"),
        ("def my_multi_accuracy(scores, targets):\n    return (scores.max(1).values == targets).float().mean()",
         "compares each row's highest score (its value) with the class number, not its position"),
        ("def my_multi_accuracy(scores, targets):\n    return (scores.argmax(1) == targets).mean()",
         "mean of a bool tensor: raises a RuntimeError (needs .float() first)"),
        ("def my_multi_accuracy(scores, targets):\n    return (scores.argmax(1) == targets).sum()",
         "the number of rows right, not the fraction"),
    ],
    'ch09.predict': [
        ('''import math
train_x, train_y, valid_x, valid_y = load_ten_digits()
# settings chosen on the validation digits; then trained once on training and validation digits together
x, y = torch.cat([train_x, valid_x])[:, None], torch.cat([train_y, valid_y])

def augment(xb):
    "Each image turned up to 12 degrees, scaled by up to 10% and shifted up to 2 pixels, at random."
    n = len(xb)
    angle = (torch.rand(n)*2 - 1)*math.radians(12)
    scale = 1 + (torch.rand(n)*2 - 1)*0.1
    shift = (torch.rand(n, 2)*2 - 1)*(2/14)
    cos, sin = torch.cos(angle)/scale, torch.sin(angle)/scale
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    return F.grid_sample(xb, F.affine_grid(theta, xb.shape, align_corners=False), align_corners=False)

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),    # 16 x 12 x 12
                      nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),   # 32 x 4 x 4
                      nn.Flatten(), nn.Linear(32*16, 10))
epochs, bs = 8, 64
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=epochs*math.ceil(len(x)/bs))
for epoch in range(epochs):
    perm = torch.randperm(len(x))
    for i in range(0, len(x), bs):
        idx = perm[i:i + bs]
        loss = F.cross_entropy(model(augment(x[idx])), y[idx])
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
model.eval()

def predict(images):
    with torch.no_grad():
        return model(images[:, None].float()).argmax(1)
''', None),
        ('''train_x, train_y, valid_x, valid_y = load_ten_digits()
x = torch.cat([train_x, valid_x]).view(-1, 28*28)
y = torch.cat([train_y, valid_y])

def predict(images):
    "1-nearest neighbour: the label of the closest training or validation image."
    dists = torch.cdist(images.reshape(-1, 28*28), x)
    return y[dists.argmin(1)]
''', "a nearest-neighbour classifier on 4,000 digits gets only about 93% of the test digits"),
        ('''train_x, train_y, valid_x, valid_y = load_ten_digits()
means = torch.stack([train_x[train_y == d].mean(0) for d in range(10)])

def predict(images):
    return (images[:, None] - means).abs().mean((-1, -2)).argmin(1)
''', "pixel-similarity prototypes: about 67% of the test digits, far below 95.5%"),
        ('''from mnist_basics.all_digits import load_test_digits
test_x, test_y = load_test_digits()
x, y = test_x.view(-1, 784), test_y

def predict(images):
    return y[torch.cdist(images.reshape(-1, 784), x).argmin(1)]
''', "'trains' (a nearest-neighbour memory) on the test digits themselves, which the rules forbid: it scores 100%"
     " by looking up the answers"),
        ('''train_x, train_y, valid_x, valid_y = load_ten_digits()
x = torch.cat([train_x, valid_x]).view(-1, 784)
y = torch.cat([train_y, valid_y])
torch.manual_seed(0)
model = nn.Linear(784, 10)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(3):
    for i in range(0, len(x), 64):
        loss = F.cross_entropy(model(x[i:i + 64]), y[i:i + 64])
        loss.backward(); opt.step(); opt.zero_grad()

def predict(images):
    with torch.no_grad():
        return model(images).argmax(1)
''', "forgets to flatten the images in predict: a [N, 28, 28] batch into nn.Linear(784, 10) raises a shape error"),
        ('''train_x, train_y, valid_x, valid_y = load_ten_digits()
X = torch.cat([torch.cat([train_x, valid_x]).view(-1, 784), torch.ones(4000, 1)], 1)
Y = F.one_hot(torch.cat([train_y, valid_y]), 10).float()
W = torch.linalg.lstsq(X, Y).solution   # a linear model fitted by least squares

def predict(images):
    scores = torch.cat([images.reshape(-1, 784), torch.ones(len(images), 1)], 1)@W
    return scores.argmax(0)
''', "argmax over axis 0 (the images), not over each image's ten scores: ten numbers, not one digit per image"
     " (and this linear model would get only about 82%)"),
    ],
}
