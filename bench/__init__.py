"""Performance benchmarks for DESIGN.md §8 (run on demand with `python -m bench`; never timed tests)."""
