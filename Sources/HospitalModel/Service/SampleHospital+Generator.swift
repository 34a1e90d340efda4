import Foundation

/// The sample hospital's history, generated event by event.
extension SampleHospital {
    struct Doctor { var id: Int; var name: String; var specialty: String; var grade: String }
    struct Patient { var id: Int; var mrn: String; var name: String; var birth: String; var sex: String
                     var address: String; var phone: String; var insurer: String; var kin: String }
    struct Bed { var id: Int; var ward: String; var label: String }
    struct Appointment { var patient: Int; var doctor: Int; var clinic: String; var at: Double; var status: String }
    struct Bill { var patient: Int; var admission: Int?; var item: String; var amount: Double; var at: Double }

    struct History {
        var doctors: [Doctor] = []
        var patients: [Patient] = []
        var beds: [Bed] = []
        var admissions: [Admission] = []
        var appointments: [Appointment] = []
        var bills: [Bill] = []
    }

    enum EventKind { case arrival, elective(Int), clerked(Int), icuDone(Int), discharge(Int) }

    static let firstNames = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Farah", "George", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Mateo",
                             "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vera", "Wen", "Yusuf", "Zoe"]
    static let lastNames = ["Abbott", "Baker", "Chen", "Dlamini", "Evans", "Fischer", "Garcia", "Hughes", "Ibrahim", "Jones", "Kowalski",
                            "Lopez", "Murphy", "Nguyen", "Okafor", "Patel", "Quigley", "Rossi", "Singh", "Taylor", "Usman", "Varga",
                            "Walsh", "Yilmaz", "Zhou"]
    static let streets = ["High Street", "Church Lane", "Mill Road", "Station Road", "Park Avenue", "Victoria Street", "Queen's Road"]
    static let insurers = ["NHS", "NHS", "NHS", "Bupa", "AXA Health", "Aviva"]

    func generate() -> History {
        let random = Random(seed: seed)
        var h = History()
        let specialties: [(String, Int)] = [("acute medicine", 8), ("general surgery", 6), ("intensive care", 4), ("cardiology", 3), ("orthopaedics", 3)]
        let grades = ["consultant", "registrar", "junior"]
        for (specialty, count) in specialties {
            for i in 0..<count {
                h.doctors.append(Doctor(id: h.doctors.count + 1, name: "Dr " + random.pick(Self.firstNames) + " " + random.pick(Self.lastNames),
                                        specialty: specialty, grade: grades[i % 3]))
            }
        }
        func doctors(_ specialty: String) -> [Int] { h.doctors.filter { $0.specialty == specialty }.map(\.id) }
        var free: [String: [Int]] = [:]
        for (ward, count) in Self.wards {
            for i in 1...count {
                h.beds.append(Bed(id: h.beds.count + 1, ward: ward, label: "\(ward.prefix(1).uppercased())\(String(format: "%02d", i))"))
                free[ward, default: []].append(h.beds.count)
            }
        }
        // Record numbers look random but are unique: id x 48,271 modulo 8,999,999 (coprime) is one-to-one.
        func newPatient(age: ClosedRange<Int>) -> Int {
            let id = h.patients.count + 1
            let first = random.pick(Self.firstNames), last = random.pick(Self.lastNames)
            let years = random.below(age.count) + age.lowerBound
            let birth = Calendar(identifier: .gregorian).date(byAdding: .day, value: -(years * 365 + random.below(365)), to: now) ?? now
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone.current
            f.dateFormat = "yyyy-MM-dd"
            h.patients.append(Patient(id: id, mrn: String(format: "H%07d", 1_000_000 + id * 48_271 % 8_999_999), name: "\(first) \(last)",
                                      birth: f.string(from: birth), sex: random.uniform() < 0.51 ? "F" : "M",
                                      address: "\(1 + random.below(180)) \(random.pick(Self.streets))",
                                      phone: String(format: "07%09d", random.below(1_000_000_000)), insurer: random.pick(Self.insurers),
                                      kin: random.pick(Self.firstNames) + " " + last))
            return id
        }
        let end = Double(days) * 1440
        var events: [(time: Double, order: Int, kind: EventKind)] = []
        var order = 0
        func schedule(_ time: Double, _ kind: EventKind) {
            order += 1
            let i = events.firstIndex { $0.time > time } ?? events.count
            events.insert((time, order, kind), at: i)
        }
        // Emergency arrivals: a Poisson process by hour of day, by thinning.
        let peak = Self.hourlyRate.max()!
        var t = 0.0
        let startMinute = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: start)
        let startOfDay = Double((startMinute.hour ?? 0) * 60 + (startMinute.minute ?? 0))
        let startWeekday = ((startMinute.weekday ?? 2) + 5) % 7   // 0 = Monday
        func hour(_ m: Double) -> Int { Int((startOfDay + m) / 60) % 24 }
        func weekday(_ m: Double) -> Int { (startWeekday + Int((startOfDay + m) / 1440)) % 7 }
        while true {
            t += random.exponential(60 / peak)
            guard t < end else { break }
            if random.uniform() < Self.hourlyRate[hour(t)] / peak { schedule(t, .arrival) }
        }
        // Booked lists: the elective surgical list (weekdays 07:00, five 30-minute slots) and two
        // outpatient clinics, over the history and the next two days.
        let firstMidnight = -startOfDay
        for d in 0...(days + 2) {
            let midnight = firstMidnight + Double(d) * 1440
            let day = weekday(midnight + 1)
            var lists: [(clinic: String, start: Double, slots: Int, length: Double, doctors: [Int])] = []
            if day < 5 { lists.append(("elective_list", 7 * 60, 5, 30, doctors("general surgery"))) }
            if day == 0 || day == 2 { lists.append(("cardiology", 9 * 60, 12, 15, doctors("cardiology"))) }
            if day == 1 || day == 3 { lists.append(("orthopaedics", 14 * 60, 10, 20, doctors("orthopaedics"))) }
            for list in lists {
                for slot in 0..<list.slots {
                    let at = midnight + list.start + Double(slot) * list.length
                    guard at >= 0, at < end + 2 * 1440 else { continue }
                    let patient = newPatient(age: list.clinic == "elective_list" ? 25...85 : 18...90)
                    let doctor = random.pick(list.doctors)
                    guard at < end else {
                        h.appointments.append(Appointment(patient: patient, doctor: doctor, clinic: list.clinic, at: at, status: "booked"))
                        continue
                    }
                    let came = random.uniform() >= 0.05
                    h.appointments.append(Appointment(patient: patient, doctor: doctor, clinic: list.clinic, at: at, status: came ? "attended" : "did_not_attend"))
                    guard came else { continue }
                    if list.clinic == "elective_list" {
                        let arrival = max(0, at + 10 * random.normal())
                        if arrival < end {
                            h.admissions.append(Admission(id: h.admissions.count + 1, patient: patient, kind: "elective", requested: arrival, doctor: doctor))
                            schedule(arrival, .elective(h.admissions.count - 1))
                        }
                    } else {
                        h.bills.append(Bill(patient: patient, admission: nil, item: "consultation", amount: 180, at: at))
                    }
                }
            }
        }
        // Beds are given in priority order (critical first, electives last), then first come.
        var waiting: [String: [(priority: Int, since: Double, admission: Int)]] = [:]
        func priority(_ a: Admission) -> Int { a.kind == "critical" ? 1 : a.kind == "elective" ? 3 : 2 }
        func ward(_ a: Admission) -> String {
            switch a.kind {
            case "medical": "medical"
            case "critical": a.icuLeft == nil ? "icu" : "medical"
            default: "surgical"
            }
        }
        func place(_ i: Int, at time: Double) {
            let a = h.admissions[i]
            let w = ward(a)
            if let bed = free[w]?.popLast() { give(bed, to: i, at: time) } else { waiting[w, default: []].append((priority(a), time, i)) }
        }
        func give(_ bed: Int, to i: Int, at time: Double) {
            h.admissions[i].stays.append((bed, time, nil))
            if h.admissions[i].admitted == nil {
                h.admissions[i].admitted = time
                let kind = h.admissions[i].kind
                if kind == "elective" {
                    schedule(time + 60 * random.lognormal(mean: 48, sd: 24), .discharge(i))
                } else {
                    // The admitting doctor comes after a wait (longer at night) and clerks for a while.
                    let night = hour(time) < 8 || hour(time) >= 20
                    let clerking = kind == "critical" ? 60.0 : kind == "medical" ? 45 : 30
                    let done = time + random.exponential(night ? 50 : 20) + random.lognormal(mean: clerking, sd: clerking / 2)
                    h.admissions[i].doctor = random.pick(doctors(kind == "surgical" ? "general surgery" : kind == "critical" ? "intensive care" : "acute medicine"))
                    schedule(done, .clerked(i))
                }
            } else {
                h.admissions[i].steppedDown = time
                schedule(time + 60 * random.lognormal(mean: 72, sd: 48), .discharge(i))
            }
        }
        func release(_ i: Int, at time: Double) {
            guard let last = h.admissions[i].stays.indices.last else { return }
            h.admissions[i].stays[last].to = time
            let bed = h.admissions[i].stays[last].bed
            let w = h.beds[bed - 1].ward
            if var queue = waiting[w], !queue.isEmpty {
                let next = queue.indices.min { (queue[$0].priority, queue[$0].since) < (queue[$1].priority, queue[$1].since) }!
                let chosen = queue.remove(at: next)
                waiting[w] = queue
                give(bed, to: chosen.admission, at: time)
            } else {
                free[w, default: []].append(bed)
            }
        }
        while !events.isEmpty, events[0].time < end {
            let e = events.removeFirst()
            switch e.kind {
            case .arrival:
                var u = random.uniform()
                let kind = Self.shares.first { u -= $0.share; return u < 0 }?.kind ?? "medical"
                let patient = newPatient(age: kind == "surgical" ? 16...90 : 30...98)
                h.admissions.append(Admission(id: h.admissions.count + 1, patient: patient, kind: kind, requested: e.time))
                place(h.admissions.count - 1, at: e.time)
            case .elective(let i):
                place(i, at: e.time)
            case .clerked(let i):
                h.admissions[i].clerked = e.time
                let (mean, sd): (Double, Double) = switch h.admissions[i].kind {
                case "medical": (96, 72)
                case "surgical": (60, 48)
                default: (48, 36)
                }
                let stay = 60 * random.lognormal(mean: mean, sd: sd)
                schedule(e.time + stay, h.admissions[i].kind == "critical" ? .icuDone(i) : .discharge(i))
            case .icuDone(let i):
                h.admissions[i].icuLeft = e.time
                release(i, at: e.time)
                place(i, at: e.time)
            case .discharge(let i):
                h.admissions[i].discharged = e.time
                release(i, at: e.time)
                let a = h.admissions[i]
                var bedDays: [String: Double] = [:]
                for s in a.stays { bedDays[h.beds[s.bed - 1].ward, default: 0] += ((s.to ?? e.time) - s.from) / 1440 }
                h.bills.append(Bill(patient: a.patient, admission: a.id, item: "admission", amount: 250, at: e.time))
                for (w, d) in bedDays.sorted(by: { $0.key < $1.key }) {
                    h.bills.append(Bill(patient: a.patient, admission: a.id, item: "\(w) bed days", amount: d.rounded(.up) * (w == "icu" ? 1800 : 450), at: e.time))
                }
            }
        }
        return h
    }
}
