"""`python -m pipelines.demo [OUT_DIR]` (what `make demo` runs)."""

from pipelines.demo.run import main

if __name__ == "__main__":
    raise SystemExit(main())
