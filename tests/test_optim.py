"06's hand-written Adam against PyTorch's: the notebook says they do the same arithmetic."
import pytest, torch
from mnist_basics.learner import adam_step

@pytest.mark.parametrize('lr, betas, eps', [(0.01, (0.9, 0.999), 1e-8), (0.3, (0.5, 0.9), 1e-3)])
def test_adam_step_is_torch_adam(lr, betas, eps):
    torch.manual_seed(0)
    mine = [torch.randn(3, 4, requires_grad=True), torch.randn(5, requires_grad=True)]
    theirs = [p.detach().clone().requires_grad_() for p in mine]
    opt, state = torch.optim.Adam(theirs, lr=lr, betas=betas, eps=eps), {}
    for _ in range(25):
        for p, q in zip(mine, theirs): p.grad = torch.randn_like(p)*10; q.grad = p.grad.clone()
        adam_step(mine, state, lr, betas, eps); opt.step()
        for p, q in zip(mine, theirs): torch.testing.assert_close(p, q)
    assert state['t'] == 25
