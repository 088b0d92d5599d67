"""Layer types, with Keras's class names, argument names and defaults.

``LAYERS`` maps a type name (``"Conv2D"``) to its class and carries what the GUI's property
panel and the spec validator need: a display name, help text for a student, and a ``Param``
for every constructor argument. Arguments that name a member of another family (an
activation, an initializer, a regularizer, a constraint) are ``"choice"`` params whose
choices are that registry's names; ``Entry.meta["families"]`` says which registry, so a panel
can also offer that member's own settings (e.g. leaky_relu's alpha). Required arguments have
``default=None`` and a suggested starting value in ``Entry.meta["suggested"]``.
"""
from __future__ import annotations

from dlstudio.engine.activations import ACTIVATIONS
from dlstudio.engine.initializers import INITIALIZERS
from dlstudio.engine.layers.activation import Activation
from dlstudio.engine.layers.base import Layer
from dlstudio.engine.layers.batchnorm import BatchNormalization
from dlstudio.engine.layers.conv2d import Conv2D
from dlstudio.engine.layers.dense import Dense
from dlstudio.engine.layers.dropout import Dropout
from dlstudio.engine.layers.flatten import Flatten
from dlstudio.engine.layers.pooling import AveragePooling2D, MaxPooling2D
from dlstudio.engine.registry import Param, Registry
from dlstudio.engine.regularizers import CONSTRAINTS, REGULARIZERS

__all__ = ["LAYERS", "Layer", "Dense", "Conv2D", "MaxPooling2D", "AveragePooling2D",
           "Flatten", "Dropout", "BatchNormalization", "Activation"]

LAYERS: Registry[type[Layer]] = Registry("layer type")

_ACTS = tuple(ACTIVATIONS.names())
_INITS = tuple(INITIALIZERS.names())

_NAME = Param("name", "str", None, help="A unique name shown in the summary and the plots; "
              "left empty, one is made up (dense, dense_1, ...).")
_TRAINABLE = Param("trainable", "bool", True,
                   help="Untick to freeze the layer: its weights stay as they are, but "
                        "gradients still flow through it to the layers below.")
_ACTIVATION = Param("activation", "choice", None, choices=(None,) + _ACTS,
                    help="Non-linearity applied to the output. Empty means linear (none). "
                         "relu for hidden layers, softmax on a classifier's last layer.")
_USE_BIAS = Param("use_bias", "bool", True, help="Add a learned offset b to every output. "
                  "Can be turned off right before BatchNormalization, which has its own.")
_KERNEL_INIT = Param("kernel_initializer", "choice", "glorot_uniform", choices=_INITS,
                     display="weight initializer",
                     help="How the weights start. glorot_* for tanh/sigmoid, he_* for the "
                          "ReLU family, lecun_normal for SELU.")
_BIAS_INIT = Param("bias_initializer", "choice", "zeros", choices=_INITS,
                   display="bias initializer", help="How the biases start; zeros is standard.")
_REG = Param("kernel_regularizer", "choice", None, choices=(None,) + tuple(REGULARIZERS.names()),
             display="weight penalty",
             help="Adds a penalty on large weights to the loss (L2: small weights, L1: "
                  "sparse weights), which fights overfitting. Written like {\"l2\": 0.01}.")
_CONSTRAINT = Param("kernel_constraint", "choice", None,
                    choices=(None,) + tuple(CONSTRAINTS.names()), display="weight constraint",
                    help="Applied after every step, e.g. max_norm caps each unit's weight "
                         "vector length.")
_PADDING = Param("padding", "choice", "valid", choices=("valid", "same"),
                 help="'valid': windows stay inside the image, so the output shrinks. 'same': "
                      "zeros around the border keep the size (divided by the stride).")
_KERNEL_FAMILIES = {"activation": "activations", "kernel_initializer": "initializers",
                    "bias_initializer": "initializers", "kernel_regularizer": "regularizers",
                    "kernel_constraint": "constraints"}

LAYERS.add(
    "Dense", Dense, display="Dense (fully connected)",
    help="Every output unit looks at every input: a weighted sum plus a bias, then the "
         "activation. Needs flat vectors: put a Flatten layer after image layers.",
    params=(Param("units", "int", None, 1, 4096, help="Number of output units (neurons).",
                  required=True),
            _ACTIVATION, _USE_BIAS, _KERNEL_INIT, _BIAS_INIT, _REG, _CONSTRAINT, _TRAINABLE,
            _NAME),
    families=_KERNEL_FAMILIES, suggested={"units": 64})
LAYERS.add(
    "Conv2D", Conv2D, display="Conv2D (convolution)",
    help="Slides small learned filters over the image; each filter finds one pattern "
         "(an edge, a stroke) everywhere and gives one output channel. Far fewer weights "
         "than Dense because the filter is shared across positions.",
    params=(Param("filters", "int", None, 1, 1024, help="Number of filters = output channels.",
                  required=True),
            Param("kernel_size", "ints", None, 1, 15,
                  help="Filter size in pixels: 3 means 3x3; two numbers for height, width.",
                  required=True),
            Param("strides", "ints", 1, 1, 8, help="Step between filter positions; 2 halves "
                  "the output size."),
            _PADDING, _ACTIVATION, _USE_BIAS, _KERNEL_INIT, _BIAS_INIT, _REG, _CONSTRAINT,
            _TRAINABLE, _NAME),
    families=_KERNEL_FAMILIES, suggested={"filters": 32, "kernel_size": 3})
_POOL_PARAMS = (
    Param("pool_size", "ints", 2, 1, 8, help="Window size: 2 means 2x2 windows."),
    Param("strides", "ints", None, 1, 8,
          help="Step between windows; empty means the same as pool_size (no overlap)."),
    _PADDING, _NAME)
LAYERS.add(
    "MaxPooling2D", MaxPooling2D, display="Max pooling",
    help="Keeps the largest value of each small window, shrinking the image (2x2 halves "
         "height and width) and making the features tolerate small shifts.",
    params=_POOL_PARAMS)
LAYERS.add(
    "AveragePooling2D", AveragePooling2D, display="Average pooling",
    help="Replaces each small window by its average, shrinking the image smoothly.",
    params=_POOL_PARAMS)
LAYERS.add(
    "Flatten", Flatten, display="Flatten",
    help="Unrolls each image (height x width x channels) into one long vector so Dense "
         "layers can use it. No weights.",
    params=(_NAME,))
LAYERS.add(
    "Dropout", Dropout, display="Dropout",
    help="While training, switches off a random fraction of its inputs at every step (and "
         "scales up the rest), so the network cannot rely on any single unit; this fights "
         "overfitting. Does nothing when predicting.",
    params=(Param("rate", "float", 0.5, 0.0, 0.95,
                  help="Fraction of inputs dropped at each training step (0.2 to 0.5 is "
                       "typical). Can be changed while training."),
            Param("seed", "int", None, 0, 2**31 - 1,
                  help="Fixes the random masks; empty means they follow the network's seed."),
            _NAME))
LAYERS.add(
    "BatchNormalization", BatchNormalization, display="Batch normalization",
    help="Standardizes each feature (or channel) to mean 0 and variance 1 over the "
         "mini-batch, then rescales with learned gamma and beta. Makes deep networks "
         "train faster and less sensitive to initialization. Uses running averages when "
         "predicting.",
    params=(Param("momentum", "float", 0.99, 0.0, 1.0,
                  help="How slowly the running averages used for prediction follow the "
                       "batches (0.99: an average over about the last 100 batches)."),
            Param("epsilon", "float", 1e-3, 1e-6, 1.0, log=True,
                  help="Small number added to the variance to avoid dividing by zero."),
            Param("center", "bool", True, help="Learn an offset beta."),
            Param("scale", "bool", True, help="Learn a scale gamma (can be off before a ReLU)."),
            Param("beta_initializer", "choice", "zeros", choices=_INITS,
                  help="How beta starts."),
            Param("gamma_initializer", "choice", "ones", choices=_INITS,
                  help="How gamma starts."),
            _TRAINABLE, _NAME),
    families={"beta_initializer": "initializers", "gamma_initializer": "initializers"})
LAYERS.add(
    "Activation", Activation, display="Activation",
    help="Applies an activation function on its own, e.g. after BatchNormalization when "
         "the Dense or Conv2D before it has no activation.",
    params=(Param("activation", "choice", "linear", choices=_ACTS,
                  help="The function to apply."), _NAME),
    families={"activation": "activations"})
