import Foundation
import HospitalModel
import SimKernel

/// The sample hospital's operational database, as a hospital's own systems would keep it:
/// doctors with their specialty, patients and their details, beds by ward, admissions with their
/// times (requested, admitted to a bed, clerked, intensive care left, stepped down, discharged),
/// each bed stay, appointments (the elective surgical list and outpatient clinics) and billing.
///
/// The history of `days` days before `now` is generated from `seed` by a small event-driven
/// generator with the rates, lengths of stay and bed numbers of `scenarios/sample-hospital.yaml`:
/// patients wait for a bed when their ward is full, so the census at `now` has queued patients
/// as a real one does. The same seed and `now` give the same rows.
public struct SampleHospital: Sendable {
    public var seed: UInt64
    public var now: Date
    public var days: Int

    /// Wards and their beds, as in the sample scenario.
    public static let wards: [(name: String, beds: Int)] = [("medical", 80), ("surgical", 30), ("icu", 8)]
    /// Emergency admissions per hour of the day.
    static let hourlyRate: [Double] = [0.6, 0.5, 0.4, 0.4, 0.35, 0.35, 0.45, 0.7, 1.1, 1.5, 1.7, 1.75,
                                       1.7, 1.65, 1.6, 1.55, 1.5, 1.45, 1.4, 1.3, 1.15, 1.0, 0.85, 0.7]
    static let shares: [(kind: String, share: Double)] = [("medical", 0.62), ("surgical", 0.26), ("critical", 0.12)]

    public init(seed: UInt64, now: String?, days: Int) throws {
        self.seed = seed
        self.days = max(1, min(days, 365))
        if let now {
            guard let date = Self.parse(now) else { throw PasswordHash.Failure(description: "--now must be an ISO 8601 time such as 2026-03-02T07:30, got '\(now)'") }
            self.now = date
        } else {
            self.now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
        }
    }

    static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone.current
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return f
    }

    static func parse(_ text: String) -> Date? {
        let f = formatter()
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            f.dateFormat = format
            if let d = f.date(from: text) { return d }
        }
        return nil
    }

    /// The generator's draws, from the simulation's own random streams (GSL's Mersenne Twister
    /// through `RandomStream`) and distributions.
    struct Random {
        let stream: RandomStream
        init(seed: UInt64) { stream = RandomStream(seed: seed) }
        func uniform() -> Double { stream.uniform() }
        /// A whole number from 0 to `count` - 1.
        func below(_ count: Int) -> Int { min(count - 1, Int(stream.uniform() * Double(count))) }
        func exponential(_ mean: Double) -> Double { stream.exponential(mean: mean) }
        func normal() -> Double { (try? Distribution.normal(mean: 0, sd: 1))?.sample(stream) ?? 0 }
        /// A lognormal of this mean and standard deviation (both positive).
        func lognormal(mean: Double, sd: Double) -> Double { (try? Distribution.lognormal(mean: mean, sd: sd))?.sample(stream) ?? mean }
        func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
    }

    /// One admission as generated (times in minutes from the start of the history; nil: not yet).
    struct Admission {
        var id: Int
        var patient: Int
        var kind: String
        var requested: Double
        var admitted: Double?
        var clerked: Double?
        var doctor: Int?
        var icuLeft: Double?
        var steppedDown: Double?
        var discharged: Double?
        var stays: [(bed: Int, from: Double, to: Double?)] = []
    }

    /// Generates the hospital and writes it into the (empty of these tables) database at `url`;
    /// returns a line saying what was written.
    public func write(url: String) throws -> String {
        let db = try PostgresConnection(url: url)
        let existing = try db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY($1)",
                                      ["{doctors,patients,patient_details,beds,admissions,bed_stays,appointments,billing}"]).compactMap { $0[0] }
        guard existing.isEmpty else {
            throw PasswordHash.Failure(description: "the database already holds the tables \(existing.sorted().joined(separator: ", ")): name an empty database")
        }
        let h = generate()
        try db.transaction { () throws(PostgresConnection.Failure) in
            for sql in Self.schema { try db.execute(sql) }
            try db.copy(into: "doctors", columns: ["id", "name", "specialty", "grade"]) { row throws(PostgresConnection.Failure) in
                for d in h.doctors { try row([String(d.id), d.name, d.specialty, d.grade]) }
            }
            try db.copy(into: "patients", columns: ["id", "mrn", "name", "birth_date", "sex"]) { row throws(PostgresConnection.Failure) in
                for p in h.patients { try row([String(p.id), p.mrn, p.name, p.birth, p.sex]) }
            }
            try db.copy(into: "patient_details", columns: ["patient_id", "address", "phone", "insurer", "next_of_kin"]) { row throws(PostgresConnection.Failure) in
                for p in h.patients { try row([String(p.id), p.address, p.phone, p.insurer, p.kin]) }
            }
            try db.copy(into: "beds", columns: ["id", "ward", "label"]) { row throws(PostgresConnection.Failure) in
                for b in h.beds { try row([String(b.id), b.ward, b.label]) }
            }
            try db.copy(into: "admissions", columns: ["id", "patient_id", "kind", "requested_at", "admitted_at", "clerked_at", "doctor_id",
                                                      "icu_left_at", "stepped_down_at", "discharged_at", "ward", "bed_id"]) { row throws(PostgresConnection.Failure) in
                for a in h.admissions {
                    let current = a.discharged == nil && a.stays.last?.to == nil ? a.stays.last : nil
                    try row([String(a.id), String(a.patient), a.kind, time(a.requested), a.admitted.map(time), a.clerked.map(time),
                             a.doctor.map(String.init), a.icuLeft.map(time), a.steppedDown.map(time), a.discharged.map(time),
                             current.map { h.beds[$0.bed - 1].ward }, current.map { String($0.bed) }])
                }
            }
            try db.copy(into: "bed_stays", columns: ["admission_id", "bed_id", "from_at", "to_at"]) { row throws(PostgresConnection.Failure) in
                for a in h.admissions { for s in a.stays { try row([String(a.id), String(s.bed), time(s.from), s.to.map(time)]) } }
            }
            try db.copy(into: "appointments", columns: ["id", "patient_id", "doctor_id", "clinic", "starts_at", "status"]) { row throws(PostgresConnection.Failure) in
                for (i, a) in h.appointments.enumerated() { try row([String(i + 1), String(a.patient), String(a.doctor), a.clinic, time(a.at), a.status]) }
            }
            try db.copy(into: "billing", columns: ["id", "patient_id", "admission_id", "item", "amount", "issued_at"]) { row throws(PostgresConnection.Failure) in
                for (i, b) in h.bills.enumerated() {
                    try row([String(i + 1), String(b.patient), b.admission.map(String.init), b.item, String(format: "%.2f", b.amount), time(b.at)])
                }
            }
            for table in ["doctors", "patients", "beds", "admissions", "appointments", "billing"] {
                try db.execute("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT coalesce(max(id), 1) FROM \(table)))")
            }
        }
        let inside = h.admissions.filter { $0.discharged == nil }.count
        let waiting = h.admissions.filter { $0.discharged == nil && $0.admitted == nil }.count
        return "sample hospital written: \(h.doctors.count) doctors, \(h.patients.count) patients, \(h.admissions.count) admissions over \(days) days "
            + "(\(inside) in the hospital at \(Self.formatter().string(from: now)), \(waiting) of them waiting for a bed), "
            + "\(h.appointments.count) appointments, \(h.bills.count) bills"
    }

    /// Minutes from the start of the history as an ISO 8601 timestamp.
    func time(_ minutes: Double) -> String {
        Self.formatter().string(from: start.addingTimeInterval((minutes * 60).rounded()))
    }

    var start: Date { now.addingTimeInterval(-Double(days) * 86_400) }

    static let schema = [
        """
        CREATE TABLE doctors (id serial PRIMARY KEY, name text NOT NULL, specialty text NOT NULL,
            grade text NOT NULL CHECK (grade IN ('consultant', 'registrar', 'junior')))
        """,
        """
        CREATE TABLE patients (id serial PRIMARY KEY, mrn text NOT NULL UNIQUE, name text NOT NULL, birth_date date NOT NULL,
            sex text NOT NULL CHECK (sex IN ('F', 'M', 'X')))
        """,
        """
        CREATE TABLE patient_details (patient_id integer PRIMARY KEY REFERENCES patients(id), address text, phone text,
            insurer text, next_of_kin text)
        """,
        "CREATE TABLE beds (id serial PRIMARY KEY, ward text NOT NULL, label text NOT NULL, in_service boolean NOT NULL DEFAULT true, UNIQUE (ward, label))",
        """
        CREATE TABLE admissions (id serial PRIMARY KEY, patient_id integer NOT NULL REFERENCES patients(id),
            kind text NOT NULL CHECK (kind IN ('medical', 'surgical', 'critical', 'elective')),
            requested_at timestamp NOT NULL, admitted_at timestamp, clerked_at timestamp, doctor_id integer REFERENCES doctors(id),
            icu_left_at timestamp, stepped_down_at timestamp, discharged_at timestamp,
            ward text, bed_id integer REFERENCES beds(id))
        """,
        "CREATE INDEX admissions_open ON admissions (discharged_at, requested_at)",
        """
        CREATE TABLE bed_stays (admission_id integer NOT NULL REFERENCES admissions(id), bed_id integer NOT NULL REFERENCES beds(id),
            from_at timestamp NOT NULL, to_at timestamp)
        """,
        """
        CREATE TABLE appointments (id serial PRIMARY KEY, patient_id integer NOT NULL REFERENCES patients(id),
            doctor_id integer REFERENCES doctors(id), clinic text NOT NULL, starts_at timestamp NOT NULL,
            status text NOT NULL CHECK (status IN ('booked', 'attended', 'did_not_attend', 'cancelled')))
        """,
        "CREATE INDEX appointments_by_time ON appointments (clinic, starts_at)",
        """
        CREATE TABLE billing (id serial PRIMARY KEY, patient_id integer NOT NULL REFERENCES patients(id),
            admission_id integer REFERENCES admissions(id), item text NOT NULL, amount numeric(10, 2) NOT NULL CHECK (amount >= 0),
            issued_at timestamp NOT NULL)
        """,
    ]
}
