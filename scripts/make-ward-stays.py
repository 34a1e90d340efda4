#!/usr/bin/env python3
"""Writes scenarios/data/ward-stays.csv: a synthetic extract of ward admissions as a hospital's
records hold them, for `simrun fit` on rounded and censored data (the README's example and the
tests' truth).

Admissions arrive as a Poisson process at 2 per hour from 2026-01-05 (a Monday) for eight weeks;
the extract is taken at 2026-03-02T00:00. Each admission has
- an assessment time recorded in whole minutes (rounded to the nearest): gamma, shape 1.6,
  scale 3 minutes, so about one in thirty is recorded as 0;
- a length of stay in hours: lognormal, mean 60 h, sd 48 h. Stays not finished at the extract's
  end have an empty discharge and an empty stay, and `still_in` true.
Fixed seed: the file is the same on every run.

    python3 scripts/make-ward-stays.py
"""
import csv
import datetime
import math
import os
import random

rng = random.Random(20261206)
start = datetime.datetime(2026, 1, 5)
end_hours = 8 * 7 * 24
mean, sd = 60.0, 48.0
sigma = math.sqrt(math.log(1 + (sd / mean) ** 2))
zeta = math.log(mean) - sigma * sigma / 2

path = os.path.join(os.path.dirname(__file__), "..", "scenarios", "data", "ward-stays.csv")
with open(path, "w", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["admitted_at", "assessment_minutes", "stay_hours", "still_in"])
    t = 0.0
    while True:
        t += rng.expovariate(2.0)
        if t >= end_hours:
            break
        assessment = round(rng.gammavariate(1.6, 3.0))
        stay = rng.lognormvariate(zeta, sigma)
        when = start + datetime.timedelta(hours=t)
        still_in = t + stay > end_hours
        out.writerow([when.strftime("%Y-%m-%dT%H:%M:%S"), assessment, "" if still_in else f"{stay:.2f}", "true" if still_in else "false"])
