"""Race win probabilities from the real dump, and why: a Plackett-Luce race
model and an XGBoost model trained on f1core's features, explained by SHAP.

    python examples/python/win_probability.py [--season 2024] [--round 1]
        [--train-seasons 3] [--out plots/]

Trains f1core's post-qualifying race model on the seasons before --season,
predicts the race, and writes win_probability.png (P(win) and P(podium) per
driver). Then trains an XGBoost classifier ("did this car win?") on the same
point-in-time features, imports it into f1core and writes shap.png (the
features that moved each favourite's win chance, exact TreeSHAP). Without
xgboost installed it prints so and skips the second plot. Data:
$F1CORE_DATA or ../shared/data; plots into --out (or $F1CORE_PLOTS,
default ./plots).
"""

import argparse
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt
import numpy as np
import polars as pl

import f1core


def win_bars(odds: pl.DataFrame, title: str, path: Path) -> None:
    odds = odds.sort("p_win", descending=True).head(10)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    x = np.arange(odds.height)
    ax.bar(x - 0.2, odds["p_win"], 0.4, label="P(win)", color="#e10600")
    ax.bar(x + 0.2, odds["p_podium"], 0.4, label="P(podium)", color="#8a8d8f")
    ax.set_xticks(x, odds["driver_ref"].to_list(), rotation=35, ha="right")
    ax.set_ylabel("probability")
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def training_frame(ds: f1core.Dataset, seasons) -> pl.DataFrame:
    """Features of every race of `seasons` with `won` (the label)."""
    frames = []
    for year in seasons:
        for rnd in ds.races(year)["round"].to_list():
            res = ds.race_results(year, rnd)
            if res.height == 0:
                continue
            won = res.select("driver_ref", (pl.col("position") == 1).alias("won"))
            frames.append(ds.features(year, rnd).join(won, on="driver_ref", how="left"))
    return pl.concat(frames, how="vertical_relaxed").with_columns(pl.col("won").fill_null(False))


def shap_bars(model: f1core.Ensemble, x: pl.DataFrame, drivers: list, path: Path) -> list:
    shap = model.contributions(x)  # (rows, features + 1), margin (log-odds) units
    names = model.feature_names
    fig, axes = plt.subplots(1, len(drivers), figsize=(4.2 * len(drivers), 4.2), sharex=True)
    for ax, row, driver in zip(np.atleast_1d(axes), shap, drivers):
        top = np.argsort(-np.abs(row[:-1]))[:6][::-1]
        ax.barh([names[j] for j in top], row[top],
                color=["#2a9d8f" if v > 0 else "#e76f51" for v in row[top]])
        ax.axvline(0, color="black", lw=0.8)
        ax.set_title(driver)
        ax.set_xlabel("SHAP (log-odds of winning)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return model.explain(x, drivers, outcome="win chance", top=3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--season", type=int, default=2024)
    ap.add_argument("--round", type=int, default=1)
    ap.add_argument("--train-seasons", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path(os.environ.get("F1CORE_PLOTS", "plots")))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    ds = f1core.Dataset.load(os.environ.get("F1CORE_DATA", "../shared/data"))
    seasons = range(args.season - args.train_seasons, args.season)
    model = f1core.train_race_model(ds, seasons)
    print(model)
    race = ds.races(args.season).filter(pl.col("round") == args.round)["name"][0]
    odds = model.predict(ds, args.season, args.round)
    fav = odds.sort("p_win", descending=True)
    print(fav.head(5).select("driver_ref", "p_win", "p_podium", "expected_position"))
    win_bars(odds, f"{args.season} {race}: race model forecast", args.out / "win_probability.png")

    try:
        import xgboost as xgb
    except ImportError:
        print("xgboost not installed: skipping the SHAP plot")
        return
    names = f1core.feature_catalog()["name"].to_list()
    train = training_frame(ds, seasons)
    booster = xgb.train(
        {"objective": "binary:logistic", "max_depth": 3, "eta": 0.1, "seed": 7},
        xgb.DMatrix(train.select(names).to_numpy(), label=train["won"].to_numpy(),
                    feature_names=names, missing=np.nan),
        num_boost_round=60,
    )
    trees = f1core.Ensemble.from_xgboost_json(booster.save_raw("json").decode())
    print(trees)
    target = ds.features(args.season, args.round)
    p = trees.predict(target)
    top = np.argsort(-p)[:3]
    drivers = [target["driver_ref"][int(i)] for i in top]
    rows = target[[int(i) for i in top]]
    for e in shap_bars(trees, rows, drivers, args.out / "shap.png"):
        print(e["sentence"])


if __name__ == "__main__":
    main()
