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
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[0, 2],
        help="servers to load: 0 = flask run, N = gunicorn with N workers (default: 0 2)",
    )
    args = parser.parse_args(argv)

    rows: list[tuple[str, str, str]] = []
    for m in sizes.run():
        rows.append((m.name, f"{m.seconds:.2f} s, peak {m.peak_mib:.1f} MiB", m.detail))
    for workers in [] if args.skip_load else args.workers:
        result = load.run(args.trainees, args.seconds, workers)
        saves = len(result.latencies)
        server = f"gunicorn -w {workers}" if workers else "flask run"
        rows += [
            (
                f"load ({server}): {result.trainees} trainees saving",
                f"{saves / result.seconds:.1f} requests/s",
                f"{saves} saves in {result.seconds:.0f} s (127.0.0.1, SQLite WAL)",
            ),
            (f"load ({server}): save p50", _ms(result.percentile(50)), "PUT .../answers/<pos>"),
            (f"load ({server}): save p95", _ms(result.percentile(95)), ""),
            (f"load ({server}): errors", str(result.errors), "; ".join(result.error_samples)[:160]),
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
