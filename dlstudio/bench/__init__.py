"""``dlstudio bench``: training and inference throughput of standard workloads, next to the
same workloads in PyTorch (when importable) in the same run, with ratios.

Benchmarks report numbers; tests assert behaviour. Nothing here is imported by the app.
"""
