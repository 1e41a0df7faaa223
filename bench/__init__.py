"""Load and size benchmarks: `python -m bench` (or `make bench`) prints one table."""
