import os
import f1core

ds = f1core.Dataset.load(os.environ.get("F1CORE_DATA", "../shared/data"))
table = ds.driver_standings(2024).to_pandas()  # a polars DataFrame; pandas one call away
print(table[["position", "driver_name", "points", "wins"]].head(3).to_string(index=False))
monza = ds.circuit_insights("monza")
print("Monza lap record:", monza["lap_record"]["driver_name"], monza["lap_record"]["time"], "s")
try:
    ds.race_results(1949, 1)
except f1core.NotFoundError as e:
    print("error:", e)
