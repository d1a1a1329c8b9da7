"""A hands-on course on training an MNIST digit classifier from scratch, with its helper package

Modules:

- `mnist_basics.all_digits`: The whole path again — prototypes and pixel similarity, a linear model, a small neural net — for ten classes instead of two. The two-class loss grows into softmax and cross-entropy, and a confusion matrix shows which digits get mixed up.
- `mnist_basics.data`: What a handwritten digit looks like to a computer — a grid of numbers — how MNIST_SAMPLE's folders are laid out, and how a whole folder of digits becomes one tensor.
- `mnist_basics.exercise_toolkit`: The toolkit behind every chapter's exercises: `check()`, `hint()`, `solution()`, comparing an answer with the right one and putting what is wrong into words. It knows no chapter; each chapter's exercises are a module of `mnist_basics.exercises`.
- `mnist_basics.external`: The machinery behind `mnist_sample_path` and `load_digits`: unpacking a local archive safely and atomically, checking the folder it gives, and caching each class folder as one tensor file.
- `mnist_basics.launch`: How each notebook sets itself up on Colab, Kaggle or Paperspace — a badge and a setup cell — installs nothing on your own machine, and sets up what every notebook's session needs.
- `mnist_basics.learner`: The training loop of the last chapter, tidied into reusable parts — an optimizer, `DataLoaders`, fastai's `Learner` — then made more powerful: a hidden layer with a ReLU, and finally a full ResNet-18.
- `mnist_basics.learner_from_scratch`: fastai's `Learner` is a training loop with bookkeeping. Here is one written by hand — a table row per epoch, a recorder, callbacks, with fastprogress's bars — and a run beside fastai's that reaches the same accuracy.
- `mnist_basics.mnist_loss`: A linear model for 3s vs 7s, a loss that gradients can use, mini-batches, and a training loop written by hand: from random weights, right about half the time, to 97% of the validation digits in twenty epochs (passes through the training set).
- `mnist_basics.pixel_similarity`: Average all the 3s into one "ideal 3", do the same for 7s, and call an image a 3 when it is closer to the ideal 3. Nothing is trained — and 95% right. Every later model has to beat this.
- `mnist_basics.quadratic`: Move three sliders until a curve fits some noisy points; then let gradients move them for you. Then go past quadratics to a weighted sum of ReLUs — a neural network with one hidden layer, which, with enough ReLUs, can follow any continuous curve on a closed, bounded interval.
- `mnist_basics.sgd`: Pixel similarity has nothing to learn. A model that learns has weights, a loss that scores them, and gradients that say how to change them. This chapter builds that loop by hand.
- `mnist_basics.shape_checks`: The `@expects` decorator behind the course's functions: how a function states the ranks, shapes and types it expects, and how it tells a learner exactly what it got instead.
- `mnist_basics.tensors`: Rank and shape, stacking, scaling pixels to floats, indexing, broadcasting, type promotion — and a measurement of why we let PyTorch do the looping.
- `mnist_basics.widgets`: How chapter 04's sliders are built: their maths and drawing run in the browser (an anywidget), so they answer at once with no kernel, in JupyterLab and on the course's static pages; each also leaves a picture and a line of text behind for where widgets cannot run."""

__version__ = "0.0.1"
