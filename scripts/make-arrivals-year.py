#!/usr/bin/env python3
"""Writes scenarios/data/ed-arrivals-2025.csv and scenarios/data/bank-holidays.csv: half a year
of emergency department arrival times with what a calendar model is for, and the dates of the
bank holidays, for `simrun fit --calendar` (the README's example and the tests' data).

Arrivals are a non-homogeneous Poisson process, sampled by thinning, whose rate is the hour of
the day's shape times the day of the week's level (as in make-episodes.py), times a trend of
0.5% a week, times 0.8 on bank holidays, times a level for each day drawn from a gamma
distribution of mean 1 and coefficient of variation 0.16 (weather, outbreaks: what no calendar
predicts, so the hourly counts are overdispersed). 25 weeks from Monday 2025-03-03; the bank
holiday of Monday 2025-08-25 falls on the first day after the data. Fixed seed.

    python3 scripts/make-arrivals-year.py
"""
import csv
import datetime
import os
import random

rng = random.Random(20251225)
start = datetime.datetime(2025, 3, 3)  # a Monday
weeks = 25
day_shape = [2, 1.5, 1.2, 1, 1, 1.2, 2, 3.5, 5, 6, 6.5, 6.5, 6, 5.5, 5.5, 5.5, 5.5, 5.5, 5, 4.5, 4, 3.5, 3, 2.5]
day_scale = [1.3, 1.1, 1.0, 1.0, 1.05, 0.75, 0.7]  # Monday .. Sunday
trend_per_week = 1.005
holiday_ratio = 0.8
day_cv = 0.16
holidays = [("2025-04-18", "bank holiday"), ("2025-04-21", "bank holiday"), ("2025-05-05", "bank holiday"),
            ("2025-05-26", "bank holiday"), ("2025-08-25", "bank holiday"), ("2025-12-25", "bank holiday"),
            ("2025-12-26", "bank holiday")]
holiday_days = {(datetime.datetime.fromisoformat(d) - start).days for d, _ in holidays}

shape = 1 / day_cv ** 2
times = []
for day in range(weeks * 7):
    level = rng.gammavariate(shape, 1 / shape) * trend_per_week ** (day / 7)
    if day in holiday_days:
        level *= holiday_ratio
    peak = max(day_shape) * max(day_scale) * level
    t = 0.0
    while True:
        t += rng.expovariate(peak)
        if t >= 24:
            break
        if rng.random() * peak < day_shape[int(t)] * day_scale[day % 7] * level:
            times.append(start + datetime.timedelta(days=day, hours=t))

folder = os.path.join(os.path.dirname(__file__), "..", "scenarios", "data")
with open(os.path.join(folder, "ed-arrivals-2025.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["arrived_at"])
    w.writerows([[t.strftime("%Y-%m-%dT%H:%M")] for t in times])
with open(os.path.join(folder, "bank-holidays.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["date", "name"])
    w.writerows(holidays)
print(f"{len(times)} arrivals, {len(holidays)} bank holidays")
