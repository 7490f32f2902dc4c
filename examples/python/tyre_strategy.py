"""From a FastF1 laps frame to a tyre model, the fastest strategies and plots.

    python examples/python/tyre_strategy.py [--race 2024-bahrain-grand-prix]
        [--circuit bahrain] [--out plots/]

Writes degradation.png (each compound's fitted wear curve over the laps it
was fitted on) and strategies.png (lap by lap of the fastest strategies)
into --out (or $F1CORE_PLOTS, default ./plots). Data: $F1CORE_DATA or
../shared/data.

With FastF1 installed, use the session's frame directly instead of the CSV:

    session = fastf1.get_session(2024, "Bahrain", "R"); session.load()
    laps = session.laps
"""

import argparse
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt
import pandas as pd
import polars as pl

import f1core

TIMEDELTAS = ["Time", "LapTime", "PitOutTime", "PitInTime",
              "Sector1Time", "Sector2Time", "Sector3Time", "LapStartTime"]
COLOURS = {"SOFT": "#da291c", "MEDIUM": "#ffd12e", "HARD": "#9e9e9e",
           "INTERMEDIATE": "#43b02a", "WET": "#0067ad"}


def fastf1_laps(data: Path, race: str) -> pd.DataFrame:
    """A shared lap table typed as FastF1's session.laps (timedeltas, NaT)."""
    df = pd.read_csv(f1core.laps_file(race, data), dtype={"TrackStatus": str})
    for column in TIMEDELTAS:
        df[column] = pd.to_timedelta(df[column])
    return df


def plot_degradation(fit: f1core.TyreFit, path: Path) -> None:
    points = fit.points()
    curves = fit.curves(max_age=int(points["age"].max()))
    fig, ax = plt.subplots(figsize=(8, 5))
    for (compound,), curve in curves.group_by("compound", maintain_order=True):
        colour = COLOURS.get(compound, "black")
        own = points.filter(pl.col("compound") == compound)
        ax.scatter(own["age"], own["tyre_delta"], s=6, alpha=0.25, color=colour,
                   edgecolors="none", label=f"{compound} laps ({own.height})")
        ax.plot(curve["age"], curve["tyre_delta"], color=colour, linewidth=2.5,
                label=f"{compound} {fit.forms[compound]} fit")
    ax.set_xlabel("tyre age (laps on the set before the lap)")
    ax.set_ylabel(f"lap time vs new {fit.reference_compound}, fuel and driver removed (s)")
    ax.set_ylim(points["tyre_delta"].quantile(0.01) - 0.5, points["tyre_delta"].quantile(0.99) + 0.5)
    ax.set_title(f"Tyre degradation: {fit.n_laps_used} clean laps, LOSO RMSE {fit.loso_rmse:.3f} s")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_strategies(best: f1core.Strategies, path: Path) -> None:
    laps = best.lap_by_lap
    fastest = laps.filter(pl.col("strategy") == 1)["race_time"].to_list()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 7), sharex=True)
    for (rank,), own in laps.group_by("strategy", maintain_order=True):
        s = best[rank - 1]
        label = f"#{rank} " + " → ".join(f"{st['compound'][0]}{st['last_lap'] - st['first_lap'] + 1}"
                                        for st in s["stints"]) + f"  {s['total_time']:.1f} s"
        line, = top.plot(own["lap"], own["lap_time"], label=label, linewidth=1.5)
        pits = own.filter(pl.col("pit_loss") > 0)
        top.scatter(pits["lap"], pits["lap_time"], color=line.get_color(), marker="v", zorder=3)
        gap = [t - f for t, f in zip(own["race_time"], fastest)]
        bottom.plot(own["lap"], gap, color=line.get_color(), linewidth=1.5)
    top.set_ylabel("modelled lap time (s), ▼ = in-lap")
    top.legend(fontsize=8)
    bottom.set_ylabel("race time vs #1 (s)")
    bottom.set_xlabel("lap")
    top.set_title(f"Fastest strategies, pit loss {best.request['pit_loss']:.1f} s")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--race", default="2024-bahrain-grand-prix")
    parser.add_argument("--circuit", default="bahrain", help="catalogue circuitRef")
    parser.add_argument("--out", default=os.environ.get("F1CORE_PLOTS", "plots"))
    args = parser.parse_args()
    data = Path(os.environ.get("F1CORE_DATA", "../shared/data"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    laps = fastf1_laps(data, args.race)            # a pandas frame, as FastF1 gives it
    fit = f1core.fit_tyre_model(laps)
    print(fit)
    field = f1core.RaceField(laps, circuit=args.circuit)
    best = f1core.optimise(fit.model, laps=fit.race_laps, pit_loss=field.pit_loss,
                           max_stops=3, min_stint=5, top_k=3)
    print(best)
    winner = field.classified[0]
    plan = best.best["stints"]
    what_if = f1core.simulate(
        field, winner,
        pit_stops=[{"lap": st["first_lap"] - 1, "compound": st["compound"]} for st in plan[1:]],
        starting_compound=plan[0]["compound"])
    print(f"{winner} on strategy #1 against the real field:", what_if)

    plot_degradation(fit, out / "degradation.png")
    plot_strategies(best, out / "strategies.png")
    print("wrote", out / "degradation.png", "and", out / "strategies.png")


if __name__ == "__main__":
    main()
