"""``dlstudio bench``: every benchmark of the project, in one package.

- ``run``: training and inference throughput of the standard workloads (``workloads``),
  dlstudio (``ours``) next to the same workloads in PyTorch (``pytorch``, measured in a child
  process by ``pytorch_child``) in the same run, with ratios;
- ``mnist``: the textbook MNIST run through the trainer against the same run in PyTorch, the
  cost of telemetry, and alternating throughput (``python -m dlstudio.bench.mnist``);
- ``epoch``: one full MNIST epoch of ``dlstudio train`` against PyTorch NCHW and channels-last
  in subprocesses, alternating, quiet and right after a CPU burner, with the GEMM ceiling
  (``dlstudio bench --epoch``);
- ``breakdown``: where a convnet training step's time goes, per layer and phase
  (``dlstudio bench --profile``);
- ``data``: the data pipeline (procedural digits, MNIST loading, augmentation);
- ``timing``: the repeat-and-median and best-of timers all of them use.

Data comes through the normal loaders (``DLSTUDIO_DATA``, the settings folder, the cache).
Benchmarks report numbers; tests assert behaviour. Nothing here is imported by the app.
"""
