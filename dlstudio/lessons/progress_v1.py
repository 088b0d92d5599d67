"""How format 1 of the saved lesson progress numbered each lesson's steps.

Format 1 (``progress.py``) kept completed steps, answers and the current step by step
*index*, so inserting a step (as the pre-flight steps were inserted into lessons 02-06)
shifted every later record onto the wrong step. Format 2 keys them by step id (``Step.id``).
To migrate a format-1 record, this table gives the ids of each built-in lesson's steps in the
orders format 1 saw, oldest first: before the pre-flight steps were inserted and, for the
lessons that gained one, after. These are history, never edited; ``tests/lessons`` checks
every id here still names a step, so a retitled step must keep its old id (``id = "..."``).
"""
from __future__ import annotations

#: lesson id -> the orders of its step ids format 1 numbered, oldest first
V1_STEP_ORDERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "01_init_symmetry": (
        ("every-weight-equal-the-units-stay-clones", "random-weights-break-the-symmetry",
         "too-large-sigmoid-units-saturate", "scaled-by-1-n-the-sensitive-middle"),
    ),
    "02_init_xavier_he": (
        ("glorot-starves-a-deep-relu-network",
         "he-keeps-the-signal-alive-and-the-network-learns", "glorot-is-right-for-tanh"),
        ("glorot-starves-a-deep-relu-network", "thirty-layers-check-before-training",
         "he-keeps-the-signal-alive-and-the-network-learns", "glorot-is-right-for-tanh"),
    ),
    "03_vanishing_gradients": (
        ("the-signal-reaching-each-layer", "the-loss-plateaus",
         "the-cure-relu-with-he-initialization"),
        ("check-before-training", "the-signal-reaching-each-layer", "the-loss-plateaus",
         "the-cure-relu-with-he-initialization"),
    ),
    "04_exploding_gradients": (
        ("weights-too-large-the-signal-explodes", "a-learning-rate-too-large",
         "gradient-clipping"),
        ("check-before-training-weights-too-large", "weights-too-large-the-signal-explodes",
         "a-learning-rate-too-large", "gradient-clipping"),
    ),
    "05_activations": (
        ("six-activations-one-network", "dying-relus", "leaky-relu-keeps-a-gradient",
         "selu-normalizes-itself"),
        ("six-activations-one-network", "dying-relus", "dead-before-the-first-step",
         "leaky-relu-keeps-a-gradient", "selu-normalizes-itself"),
    ),
    "06_batch_norm": (
        ("rescuing-the-deep-sigmoid-network", "training-statistics-and-inference-statistics",
         "larger-learning-rates-become-usable", "the-landscape-around-each-network"),
        ("check-before-training-batch-norm", "rescuing-the-deep-sigmoid-network",
         "training-statistics-and-inference-statistics", "larger-learning-rates-become-usable",
         "the-landscape-around-each-network"),
    ),
    "07_optimizers": (
        ("a-long-narrow-valley-momentum-and-nesterov", "momentum-too-close-to-1",
         "adaptive-step-sizes-adagrad-rmsprop-adam", "the-same-race-on-a-real-network"),
    ),
    "08_learning_rate": (
        ("too-low-about-right-too-high", "high-then-lower-schedules",
         "performance-scheduling-reduce-on-plateau"),
    ),
    "09_overfitting": (
        ("memorizing-a-small-training-set", "early-stopping-with-restore"),
    ),
    "10_regularization": (
        ("l1-sparse-weights", "l2-weight-decay", "max-norm", "dropout"),
    ),
    "11_preprocessing": (
        ("look-at-the-raw-data", "centring-and-standardization", "pca-and-whitening"),
    ),
    "12_convolutions": (
        ("filters-and-parameter-counts", "padding-strides-and-pooling", "receptive-fields",
         "train-the-convnet-on-drawn-digits", "the-real-mnist-about-99"),
    ),
    "13_small_data": (
        ("thirty-images-per-class", "augmentation-and-dropout"),
    ),
    "14_transfer_learning": (
        ("which-layers-to-reuse", "cached-features-train-the-head-much-faster",
         "fine-tuning-with-a-low-learning-rate"),
    ),
    "15_hyperparameter_search": (
        ("random-search-on-a-log-scale", "coarse-to-fine"),
    ),
    "16_softmax_classifiers": (
        ("softmax-regression-on-three-blobs", "when-straight-lines-are-not-enough",
         "one-hidden-layer-bends-the-boundary"),
    ),
    "17_default_recipe": (
        ("the-default-recipe-against-the-old-defaults",
         "when-speed-matters-leaky-relu-no-batch-norm", "when-size-matters-a-sparse-model"),
    ),
}
