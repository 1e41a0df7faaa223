"""`python -m bench [--trainees N] [--seconds S] [--skip-load]`: print the benchmark table."""

from __future__ import annotations

import argparse

from . import load, sizes


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    """Run the size benchmarks and (unless skipped) the load benchmark, then print one table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=15.0, help="saving phase, at most 30")
    parser.add_argument("--skip-load", action="store_true", help="only the size benchmarks")
    args = parser.parse_args(argv)

    rows: list[tuple[str, str, str]] = []
    for m in sizes.run():
        rows.append((m.name, f"{m.seconds:.2f} s, peak {m.peak_mib:.1f} MiB", m.detail))
    if not args.skip_load:
        result = load.run(args.trainees, args.seconds)
        saves = len(result.latencies)
        rows += [
            (
                f"load: {result.trainees} trainees saving answers",
                f"{saves / result.seconds:.1f} requests/s",
                f"{saves} saves in {result.seconds:.0f} s (127.0.0.1, flask run, SQLite WAL)",
            ),
            ("load: save latency p50", _ms(result.percentile(50)), "PUT .../answers/<position>"),
            ("load: save latency p95", _ms(result.percentile(95)), ""),
            ("load: errors", str(result.errors), "; ".join(result.error_samples)[:160]),
        ]
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    line = "+".join("-" * (w + 2) for w in width)
    print(line)
    for name, value, detail in rows:
        print(f" {name:<{width[0]}} | {value:<{width[1]}} | {detail}")
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
