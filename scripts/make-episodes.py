#!/usr/bin/env python3
"""Writes scenarios/data/ed-episodes.csv: a synthetic extract of emergency department
attendances over eight weeks, for `simrun fit` (the README's example and the tests' data).

Arrivals are a non-homogeneous Poisson process whose rate follows the hour of the day and the
day of the week (Mondays busiest, weekend nights quietest), sampled by thinning. Each patient
has a triage class, a triage time (exponential), a doctor time (lognormal) and, if admitted, a
length of stay in hours (gamma); the others have that cell empty, and `admitted` says which. Fixed seed: the file is the
same on every run.

    python3 scripts/make-episodes.py
"""
import csv
import datetime
import math
import os
import random

rng = random.Random(20261126)
start = datetime.datetime(2026, 1, 5)  # a Monday
weeks = 8
# Arrivals per hour by hour of the day (a weekday), scaled by the day of the week.
day_shape = [2, 1.5, 1.2, 1, 1, 1.2, 2, 3.5, 5, 6, 6.5, 6.5, 6, 5.5, 5.5, 5.5, 5.5, 5.5, 5, 4.5, 4, 3.5, 3, 2.5]
day_scale = [1.3, 1.1, 1.0, 1.0, 1.05, 0.75, 0.7]  # Monday .. Sunday
peak = max(day_shape) * max(day_scale)
classes = [("resus", 0.03), ("emergent", 0.17), ("urgent", 0.38), ("minor", 0.42)]
doctor = {"resus": (60, 30), "emergent": (40, 25), "urgent": (30, 20), "minor": (15, 10)}
admit = {"resus": 0.7, "emergent": 0.5, "urgent": 0.25, "minor": 0.02}

def rate(hours):
    h = int(hours) % 168
    return day_shape[h % 24] * day_scale[h // 24]

def lognormal(mean, sd):
    sigma2 = math.log(1 + (sd / mean) ** 2)
    return rng.lognormvariate(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))

rows = []
t = 0.0
while True:
    t += rng.expovariate(peak)
    if t >= weeks * 168:
        break
    if rng.random() * peak >= rate(t):
        continue
    u, name = rng.random(), classes[-1][0]
    for cls, share in classes:
        if u < share:
            name = cls
            break
        u -= share
    when = start + datetime.timedelta(hours=t)
    stay = ""
    if rng.random() < admit[name]:
        stay = "%.2f" % rng.gammavariate(2.0, 24.0)  # hours: mean 48, sd 34
    rows.append([when.strftime("%Y-%m-%dT%H:%M:%S"), name, "%.2f" % rng.expovariate(1 / 6.0),
                 "%.2f" % lognormal(*doctor[name]), stay, "true" if stay else "false"])

out = os.path.join(os.path.dirname(__file__), "..", "scenarios", "data", "ed-episodes.csv")
with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["arrived_at", "triage", "triage_minutes", "doctor_minutes", "stay_hours", "admitted"])
    w.writerows(rows)
print(f"{out}: {len(rows)} episodes")

# The census for `simrun forecast scenarios/ed-weekend-roster.yaml` on a Monday at 08:00: 44
# patients in ward beds (step 2.1.2 of its pathway: the stay inside the admission branch), some
# there for days; 3 with a doctor (step 1, in service); 6 waiting for one (step 1, queued).
census = []
for i in range(44):
    cls = "urgent" if rng.random() < 0.9 else "minor"
    census.append([f"w{i + 1}", cls, "2.1.2", "in_service", "%.1f hour" % rng.uniform(1, 120), "", ""])
for i in range(3):
    census.append([f"d{i + 1}", rng.choice(["urgent", "minor"]), "1", "in_service", "%d min" % rng.randint(2, 30), "", ""])
for i in range(6):
    waited = rng.randint(5, 90)
    census.append([f"q{i + 1}", "minor" if i < 4 else "urgent", "1", "queued", "%d min" % waited, "%d min" % waited, ""])
out = os.path.join(os.path.dirname(__file__), "..", "scenarios", "data", "ed-census.csv")
with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "class", "step", "status", "elapsed", "waited", "holds"])
    w.writerows(census)
print(f"{out}: {len(census)} patients")
