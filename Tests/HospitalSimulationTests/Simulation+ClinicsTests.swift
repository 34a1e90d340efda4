import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Outpatient clinics checked against exact reasoning.
final class SimulationClinicsTests: XCTestCase {
    /// One doctor always on duty, a clinic on Monday and Wednesday mornings with 12 slots of 15
    /// minutes; `extra` adds clinic keys, `consult` is the consultation.
    func clinic(consult: String, extra: String = "", replications: Int = 40, weeks: Int = 8) -> String {
        """
        name: clinic
        time_unit: minute
        run: {horizon: "\(7 * weeks) day", warmup: "7 day", replications: \(replications), seed: 5}
        classes:
          - name: outpatient
            pathway: [{use: doctor, duration: \(consult)}]
        resources: [{name: doctor, capacity: 1}]
        clinics:
          - name: cardiology
            class: outpatient
            sessions:
              - {days: [mon, wed], start: "09:00", slots: 12, slot_length: "15 min"}
        \(extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    /// Consultations exactly a slot long, punctual patients who all come: nobody waits, the
    /// doctor is never idle within a session and never runs over.
    func testAPerfectClinicHasNoWaitNoIdleTimeAndNoOvertime() throws {
        let r = simulate(clinic(consult: "15 min", replications: 4))
        // Eight weeks after the warm-up: 2 sessions a week x 8 weeks x 12 slots.
        XCTAssertEqual(r.metric("clinic.cardiology.booked")?.mean, 8 * 2 * 12)
        XCTAssertEqual(r.metric("clinic.cardiology.attended")?.mean, 8 * 2 * 12)
        XCTAssertEqual(r.metric("clinic.cardiology.sessions")?.mean, 16)
        for metric in ["clinic.cardiology.wait.mean", "clinic.cardiology.wait.p90", "clinic.cardiology.idle.fraction",
                       "clinic.cardiology.overtime.mean", "clinic.cardiology.no_show.fraction", "patients.no_show"] {
            XCTAssertEqual(try XCTUnwrap(r.metric(metric)).max, 0, accuracy: 1e-9, metric)
        }
        // Every patient is a booked one: conservation over arrivals holds as for walk-ins.
        XCTAssertEqual(r.metric("patients.arrived")?.mean, r.metric("clinic.cardiology.attended")?.mean)
    }

    /// With no-show probability p and slot-long consultations, each no-show leaves its slot
    /// empty and nobody else: the idle fraction is p in expectation, and so is the no-show
    /// fraction; both 99.9% intervals cover p.
    func testNoShowsLeaveTheirSlotsIdle() {
        let p = 0.15
        let r = simulate(clinic(consult: "15 min", extra: "no_show: \(p)", replications: 100))
        assertCovers(r, "clinic.cardiology.no_show.fraction", p, precision: 0.1)
        assertCovers(r, "clinic.cardiology.idle.fraction", p, precision: 0.1)
        XCTAssertEqual(r.metric("clinic.cardiology.wait.mean")?.max ?? .nan, 0, accuracy: 1e-9, "nobody waits")
        // Bookings are fixed; attendances plus no-shows are the bookings in every replication.
        let booked = r.values("clinic.cardiology.booked")!, attended = r.values("clinic.cardiology.attended")!
        let noShows = r.values("patients.no_show")!
        for k in booked.indices { XCTAssertEqual(booked[k], attended[k] + noShows[k], "replication \(k)") }
    }

    /// Bailey-Welch (two at the start) against one per slot, with exponential consultations of
    /// the slot's mean, on common random numbers: the doctor idles less and the patients wait
    /// longer, each difference's 99.9% interval clear of 0, replication by replication paired.
    func testBaileyWelchTradesPatientWaitsForDoctorIdleTime() throws {
        let consult = #"{exponential: {mean: "15 min"}}"#
        let individual = simulate(clinic(consult: consult, extra: "booking: individual"))
        let baileyWelch = simulate(clinic(consult: consult, extra: "booking: bailey-welch"))
        func paired(_ metric: String) throws -> Summary {
            Summary(of: zip(try XCTUnwrap(baileyWelch.values(metric)), try XCTUnwrap(individual.values(metric))).map { $0 - $1 })
        }
        let idle = try paired("clinic.cardiology.idle.fraction")
        let wait = try paired("clinic.cardiology.wait.mean")
        XCTAssertLessThan(idle.mean + idle.halfWidth(level: 0.999), 0, "Bailey-Welch idles less: \(idle.mean)")
        XCTAssertGreaterThan(wait.mean - wait.halfWidth(level: 0.999), 0, "Bailey-Welch patients wait longer: \(wait.mean)")
        // Same bookings, same patients: the consultations drawn are the same.
        XCTAssertEqual(individual.values("clinic.cardiology.attended"), baileyWelch.values("clinic.cardiology.attended"))
    }

    /// An overbooked session (13 patients in 12 slots of exactly a slot each) must run one slot
    /// over, whatever the rule puts the extra patient.
    func testOverbookingOneRunsOneSlotOver() {
        let r = simulate(clinic(consult: "15 min", extra: "overbook: 1", replications: 3))
        XCTAssertEqual(r.metric("clinic.cardiology.overtime.mean")?.mean ?? .nan, 15, accuracy: 1e-9)
        XCTAssertEqual(r.metric("clinic.cardiology.idle.fraction")?.mean ?? .nan, 0, accuracy: 1e-9)
        // The extra patient is booked with the first: everyone after waits one slot, the first
        // two patients' second waits one: 12 waits of 15 minutes among 13 patients.
        XCTAssertEqual(r.metric("clinic.cardiology.wait.mean")?.mean ?? .nan, 12 * 15 / 13, accuracy: 1e-9)
    }

    /// Early patients wait for their appointment without it counting; late ones start late.
    func testWaitsCountFromTheLaterOfArrivalAndAppointment() {
        let early = simulate(clinic(consult: "15 min", extra: "lateness: \"-10 min\"", replications: 2))
        XCTAssertEqual(early.metric("clinic.cardiology.wait.mean")?.max ?? .nan, 0, accuracy: 1e-9)
        // The first patient, ten minutes early, waits for the session to open: it is not seen
        // before 09:00, so no consultation falls outside the session and the doctor is never
        // idle within it (seen early, it would end ten minutes early with 10/180 idle).
        XCTAssertEqual(early.metric("clinic.cardiology.idle.fraction")?.max ?? .nan, 0, accuracy: 1e-9)
        XCTAssertEqual(early.metric("clinic.cardiology.overtime.mean")?.max ?? .nan, 0, accuracy: 1e-9)
        // Each patient spends the ten early minutes and the consultation inside.
        XCTAssertEqual(early.metric("class.outpatient.time_in_system.mean")?.mean ?? .nan, 25, accuracy: 1e-6)
        // Ten minutes late each: every consultation starts and ends ten minutes later, so the
        // session runs ten minutes over and the doctor idles ten minutes of its 180.
        let late = simulate(clinic(consult: "15 min", extra: "lateness: \"10 min\"", replications: 2))
        XCTAssertEqual(late.metric("clinic.cardiology.wait.mean")?.max ?? .nan, 0, accuracy: 1e-9)
        XCTAssertEqual(late.metric("clinic.cardiology.overtime.mean")?.mean ?? .nan, 10, accuracy: 1e-9)
        XCTAssertEqual(late.metric("clinic.cardiology.idle.fraction")?.mean ?? .nan, 10.0 / 180, accuracy: 1e-9)
    }

    /// `fill` books each slot with its probability: the mean bookings per session estimate it.
    func testFillBooksSlotsWithItsProbability() {
        let r = simulate(clinic(consult: "15 min", extra: "fill: 0.6"))
        assertCovers(r, "clinic.cardiology.booked", 0.6 * 16 * 12, precision: 0.05)
    }

    /// The booking rules' appointment times.
    func testBookingRulesGiveTheAppointmentTimes() {
        let session = Clinic.Session(days: nil, start: 540, slots: 4, slotLength: 15)
        func offsets(_ booking: Clinic.Booking, overbook: Int = 0) -> [Double] {
            Clinic(name: "c", classIndex: 0, sessions: [session], booking: booking, overbook: overbook).appointmentOffsets(session).map(\.offset)
        }
        XCTAssertEqual(offsets(.individual), [0, 15, 30, 45])
        XCTAssertEqual(offsets(.baileyWelch), [0, 0, 15, 30])
        XCTAssertEqual(offsets(.offsets([0, 0, 20])), [0, 0, 20])
        XCTAssertEqual(offsets(.individual, overbook: 2), [0, 0, 15, 30, 30, 45], "extras on slots 0 and 2 of 4")
        // Long-run arrivals, for the offered-load warning: two sessions a week of 4 bookings at
        // fill 0.5 plus 2 overbooked, 10% no-shows: (4 x 0.5 + 2) x 2 x 0.9 = 7.2 a week.
        let mon = Clinic.Session(days: [0, 2], start: 540, slots: 4, slotLength: 15)
        let rate = Clinic(name: "c", classIndex: 0, sessions: [mon], overbook: 2, noShow: 0.1, fill: 0.5).meanRate(timeUnit: .minute)
        XCTAssertEqual(rate * 7 * 1440, 7.2, accuracy: 1e-12)
    }

    /// Walk-ins and booked patients share the doctor; a class fed only by the clinic needs no
    /// share, and a scenario may have clinics and no walk-ins at all.
    func testWalkInsAndBookedPatientsShareTheDoctor() {
        let r = simulate("""
            name: shared
            run: {horizon: "28 day", warmup: "7 day", replications: 4, seed: 2}
            arrivals: [{name: door, rate: "1 per hour"}]
            classes:
              - {name: walkin, share: 1, pathway: [{use: doctor, duration: "10 min"}]}
              - {name: booked, pathway: [{use: doctor, duration: "15 min"}]}
            resources: [{name: doctor, capacity: 1}]
            clinics:
              - {name: c, class: booked, sessions: [{days: [tue], start: "10:00", slots: 8, slot_length: "15 min"}]}
            """)
        XCTAssertGreaterThan(r.metric("class.walkin.wait.mean")?.mean ?? 0, 0)
        XCTAssertGreaterThan(r.metric("clinic.c.wait.mean")?.mean ?? 0, 0, "walk-ins delay the booked patients")
        XCTAssertEqual(r.metric("clinic.c.attended")?.mean, 4 * 8, "four Tuesdays after the warm-up")
        // Booked patients are not a Poisson stream: no M/M/c theory is offered beside them.
        let mm1WithClinic = scenario("""
            name: m
            run: {horizon: "7 day"}
            arrivals: [{name: door, rate: 0.5}]
            classes: [{name: a, share: 1}]
            resources: [{name: doctor, capacity: 1}]
            pathway: [{use: doctor, duration: {exponential: {mean: 1}}}]
            clinics: [{name: c, class: a, sessions: [{start: "10:00", slots: 8, slot_length: 15}]}]
            """)
        guard case .failure(let why) = Theory.analyse(mm1WithClinic) else { return XCTFail("theory offered for booked patients") }
        XCTAssertTrue(why.reason.contains("clinic"), why.reason)
    }

    func testClinicKeysAreValidatedWithPlacesAndSuggestions() {
        let base = """
            name: bad
            run: {horizon: "7 day"}
            classes: [{name: outpatient, pathway: [{use: doctor, duration: 15}]}]
            resources: [{name: doctor, capacity: 1}]
            clinics:
              - name: c
            """
        func messages(_ lines: String) -> String { loadMessages(base + "\n" + lines.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")) }
        let typo = messages("class: outpatiant\nsessions: [{start: \"09:00\", slots: 4, slot_length: 15}]")
        XCTAssertTrue(typo.contains("bad.yaml:7:12: error: unknown class 'outpatiant'; did you mean 'outpatient'?"), typo)
        let booking = messages("class: outpatient\nsessions: [{start: \"09:00\", slots: 4, slot_length: 15}]\nbooking: baily-welch")
        XCTAssertTrue(booking.contains("did you mean 'bailey-welch'?") && booking.contains("(at clinics[0].booking)"), booking)
        let key = messages("class: outpatient\nsessions: [{start: \"09:00\", slots: 4, slot_lenght: 15}]")
        XCTAssertTrue(key.contains("did you mean 'slot_length'?") && key.contains("clinics[0].sessions[0].slot_lenght"), key)
        let noShow = messages("class: outpatient\nsessions: [{start: \"09:00\", slots: 4, slot_length: 15}]\nno_show: 1.5")
        XCTAssertTrue(noShow.contains("no_show is a probability") && noShow.contains("(at clinics[0].no_show)"), noShow)
        let day = messages("class: outpatient\nsessions: [{days: [mun], start: \"09:00\", slots: 4, slot_length: 15}]")
        XCTAssertTrue(day.contains("did you mean 'mon'?"), day)
        let long = messages("class: outpatient\nsessions: [{start: \"09:00\", slots: 100, slot_length: \"15 min\"}]")
        XCTAssertTrue(long.contains("lasts more than a day"), long)
        XCTAssertEqual(messages("class: outpatient\nsessions: [{start: \"09:00\", slots: 4, slot_length: 15}]\nlateness: {normal: {mean: -5, sd: 5}}"), "")
    }

    /// A class needs a share only when some stream has no class mix of its own.
    func testSharesAreNeededOnlyWhereAStreamUsesThem() {
        let mixes = loadMessages("""
            name: mixes
            run: {horizon: "7 day"}
            arrivals: [{name: a, rate: 1, classes: {x: 1}}, {name: b, rate: 1, classes: {x: 0.5, y: 0.5}}]
            classes: [{name: x}, {name: y}]
            resources: [{name: doctor, capacity: 3}]
            pathway: [{use: doctor, duration: 0.5}]
            """)
        XCTAssertEqual(mixes, "", "every stream has its own mix")
        let missing = loadMessages("""
            name: shares
            run: {horizon: "7 day"}
            arrivals: [{name: a, rate: 1}]
            classes: [{name: x, share: 1}, {name: y}]
            resources: [{name: doctor, capacity: 3}]
            pathway: [{use: doctor, duration: 0.5}]
            """)
        XCTAssertTrue(missing.contains("bad.yaml:4:32: error: the class 'y' needs a share: the arrival stream 'a' gives no class mix"), missing)
    }

    /// A session that, with its overbooked patients, runs past the end of its clinicians' shift
    /// is a located warning; one whose roster covers it is not.
    func testASessionRunningPastItsRosterIsWarnedAbout() throws {
        func warnings(_ until: String, overbook: Int) throws -> [ScenarioError] {
            let yaml = """
                name: clinic
                run: {horizon: "14 day"}
                classes:
                  - name: outpatient
                    pathway: [{use: doctor, duration: "15 min"}]
                resources:
                  - name: doctor
                    shifts: [{from: "08:00", to: "\(until)", capacity: 1}, {from: "\(until)", to: "08:00", capacity: 0}]
                clinics:
                  - name: cardiology
                    class: outpatient
                    overbook: \(overbook)
                    sessions:
                      - {start: "09:00", slots: 12, slot_length: "15 min"}
                """
            return try ScenarioLoader.load(yaml: yaml, file: "c.yaml").warnings.filter { $0.keyPath.hasPrefix("clinics") }
        }
        // 12 slots end at 12:00; two overbooked patients need until 12:30.
        let late = try warnings("12:00", overbook: 2)
        XCTAssertEqual(late.count, 1, "\(late)")
        XCTAssertEqual(late.first?.line, 14)
        XCTAssertEqual(late.first?.keyPath, "clinics[0].sessions[0]")
        XCTAssertTrue(late.first?.message.contains("fewer than 1 on shift from 12:00") ?? false, late.first?.message ?? "")
        XCTAssertEqual(try warnings("12:30", overbook: 2).count, 0)
        XCTAssertEqual(try warnings("12:00", overbook: 0).count, 0, "without overbooking the session ends with the shift")
        XCTAssertEqual(try warnings("11:00", overbook: 0).count, 1)
    }
}
