"""credscope benchmarks: `make bench` prints throughput beside baselines from the same run."""
