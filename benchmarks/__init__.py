"""Benchmarks and the synthetic corpus they build from."""
