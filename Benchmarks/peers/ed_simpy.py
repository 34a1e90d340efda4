"""The emergency department of scenarios/emergency-department.yaml, written in SimPy 4.

The same logic as the scenario, so that the two can be timed on the same work:
- two non-homogeneous Poisson streams (walk-in, ambulance) with hourly rates, drawn by inversion,
  each with its own class mix;
- four triage classes with priorities, time-to-treatment targets, and patience (urgent: exponential
  8 h; minor: lognormal 3 h, sd 1.5 h) that runs on the total time queueing before treatment;
- a triage nurse (2 from 07:00 to 19:00, 1 at night) and doctors (5 from 08:00 to 20:00, 3 at
  night) on rosters, where a unit going off shift first finishes its patient; 80 ward beds;
- resus patients see a doctor at once (their own pathway) and 80% are admitted; the others are
  triaged, treated (a shorter treatment for minors) and admitted with a per-class probability,
  waiting in the department for a ward bed (first come, first served) for a lognormal stay;
- the same statistics: waits, times in system, targets met, reneging by class, busy time.

Rosters use the usual SimPy device: a controller takes the off-shift units with requests more
urgent than any patient's, and gives them back when the shift starts.

Usage: python3 ed_simpy.py [--days 365] [--warmup-days 3] [--seed 2026]
It prints its main figures and the seconds spent in env.run (the simulation alone, without
starting Python or importing SimPy), to set beside `HospsimBench ed`.
"""
import argparse
import math
import random
import time

import simpy

MINUTE = 1.0
HOUR = 60.0
DAY = 24 * HOUR

WALK_IN = [2.11, 1.58, 1.05, 1.05, 1.05, 1.58, 2.63, 4.21, 6.32, 7.89, 8.42, 8.42,
           7.89, 7.37, 7.37, 7.37, 7.37, 7.37, 6.84, 6.32, 5.26, 4.21, 3.68, 2.63]
AMBULANCE = [1.5, 1.4, 1.2, 1.1, 1.0, 1.0, 1.2, 1.6, 2.2, 2.61, 2.81, 2.81,
             2.71, 2.61, 2.51, 2.51, 2.51, 2.51, 2.41, 2.3, 2.1, 2.0, 1.8, 1.6]
STREAMS = [("walk-in", WALK_IN, {"emergent": 0.05, "urgent": 0.35, "minor": 0.60}),
           ("ambulance", AMBULANCE, {"resus": 0.10, "emergent": 0.40, "urgent": 0.50})]
PRIORITY = {"resus": 1, "emergent": 2, "urgent": 3, "minor": 4}
TARGET = {"resus": 10, "emergent": 15, "urgent": 60, "minor": 120}
ADMIT = {"resus": 0.8, "emergent": 0.5, "urgent": 0.25, "minor": 0.02}
OFF_SHIFT = -100  # more urgent than any patient: the controller's requests come first


def lognormal(rng, mean, sd):
    sigma2 = math.log(1 + (sd / mean) ** 2)
    return rng.lognormvariate(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))


def patience(rng, cls):
    if cls == "urgent":
        return rng.expovariate(1 / (8 * HOUR))
    if cls == "minor":
        return lognormal(rng, 3 * HOUR, 1.5 * HOUR)
    return math.inf


class Stats:
    def __init__(self, warmup):
        self.warmup = warmup
        self.arrived = {c: 0 for c in PRIORITY}
        self.reneged = {c: 0 for c in PRIORITY}
        self.wait = {c: [0, 0.0] for c in PRIORITY}
        self.tis = {c: [0, 0.0] for c in PRIORITY}
        self.target = {c: [0, 0] for c in PRIORITY}
        self.busy = {"triage_nurse": 0.0, "doctor": 0.0, "ward_bed": 0.0}


class Department:
    def __init__(self, env, rng, stats):
        self.env, self.rng, self.stats = env, rng, stats
        self.nurse = simpy.PriorityResource(env, capacity=2)
        self.doctor = simpy.PriorityResource(env, capacity=5)
        self.bed = simpy.Resource(env, capacity=80)

    def roster(self, resource, day_start, night_start, off):
        """Takes `off` units off shift from night_start until day_start, every day; time 0 is
        midnight, in the night shift."""
        env = self.env
        held = [resource.request(priority=OFF_SHIFT) for _ in range(off)]
        day = 0.0
        while True:
            yield env.timeout(day + day_start - env.now)
            for r in held:
                if r.triggered:
                    resource.release(r)
                else:
                    r.cancel()  # that unit was busy all night
            yield env.timeout(day + night_start - env.now)
            # Granted as units come free: one still busy finishes its patient first.
            held = [resource.request(priority=OFF_SHIFT) for _ in range(off)]
            day += DAY

    def arrivals(self, rates, mix):
        env, rng = self.env, self.rng
        classes, weights = zip(*mix.items())
        t = 0.0
        while True:
            need = rng.expovariate(1.0)
            while True:  # inversion of the piecewise-constant hourly rate
                hour = int(t // HOUR)
                boundary = (hour + 1) * HOUR
                rate = rates[hour % 24] / HOUR
                available = rate * (boundary - t)
                if rate > 0 and available >= need:
                    t += need / rate
                    break
                need -= available
                t = boundary
            yield env.timeout(t - env.now)
            cls = rng.choices(classes, weights)[0]
            env.process(self.patient(cls))

    def queue_for(self, resource, cls, state, before_treatment):
        """Waits for a unit; False when patience runs out first (then the patient leaves)."""
        env = self.env
        req = resource.request(priority=PRIORITY[cls]) if isinstance(resource, simpy.PriorityResource) else resource.request()
        start = env.now
        if before_treatment and state["patience"] < math.inf:
            left = max(0.0, state["patience"] - state["waited"])
            result = yield req | env.timeout(left)
            if req not in result:
                req.cancel()
                state["waited"] += env.now - start
                return None
        else:
            yield req
        state["waited"] += env.now - start
        return req

    def use(self, resource, name, req, duration):
        yield self.env.timeout(duration)
        resource.release(req)
        self.count_busy(name, duration)

    def count_busy(self, name, duration):
        self.stats.busy[name] += duration

    def patient(self, cls):
        env, rng, st = self.env, self.rng, self.stats
        arrival = env.now
        counted = arrival >= st.warmup
        state = {"patience": patience(rng, cls), "waited": 0.0}
        if counted:
            st.arrived[cls] += 1
        if cls != "resus":
            req = yield from self.queue_for(self.nurse, cls, state, True)
            if req is None:
                return self.renege(cls, counted)
            yield from self.use(self.nurse, "triage_nurse", req, rng.expovariate(1 / 5.0))
        req = yield from self.queue_for(self.doctor, cls, state, True)
        if req is None:
            return self.renege(cls, counted)
        if counted:
            st.target[cls][0] += 1
            st.target[cls][1] += env.now - arrival <= TARGET[cls]
        if cls == "resus":
            duration = lognormal(rng, 60, 30)
        elif cls == "minor":
            duration = lognormal(rng, 15, 10)
        else:
            duration = lognormal(rng, 30, 20)
        yield from self.use(self.doctor, "doctor", req, duration)
        if rng.random() < ADMIT[cls]:
            bed = yield from self.queue_for(self.bed, cls, state, False)
            yield from self.use(self.bed, "ward_bed", bed, lognormal(rng, 48 * HOUR, 36 * HOUR))
        if counted:
            st.wait[cls][0] += 1
            st.wait[cls][1] += state["waited"]
            st.tis[cls][0] += 1
            st.tis[cls][1] += env.now - arrival

    def renege(self, cls, counted):
        if counted:
            self.stats.reneged[cls] += 1
            self.stats.target[cls][0] += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=float, default=365)
    parser.add_argument("--warmup-days", type=float, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    env = simpy.Environment()
    stats = Stats(args.warmup_days * DAY)
    ed = Department(env, random.Random(args.seed), stats)
    env.process(ed.roster(ed.nurse, 7 * HOUR, 19 * HOUR, off=1))
    env.process(ed.roster(ed.doctor, 8 * HOUR, 20 * HOUR, off=2))
    for _, rates, mix in STREAMS:
        env.process(ed.arrivals(rates, mix))
    start = time.perf_counter()
    env.run(until=(args.warmup_days + args.days) * DAY)
    seconds = time.perf_counter() - start
    arrived = sum(stats.arrived.values())
    reneged = sum(stats.reneged.values())
    done = sum(n for n, _ in stats.wait.values())
    wait = sum(s for _, s in stats.wait.values()) / max(done, 1)
    met = sum(m for _, m in stats.target.values()) / max(sum(n for n, _ in stats.target.values()), 1)
    print(f"arrived {arrived}, completed {done}, reneged {reneged}, wait.mean {wait:.3f}, target_met.fraction {met:.4f}")
    print(f"simulated in {seconds:.3f} s")


if __name__ == "__main__":
    main()
