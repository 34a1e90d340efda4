import XCTest
import HospitalModel
@testable import HospitalService

/// The what-if form offers the numbers a manager may change, and not one the model ignores: a
/// capacity beside a roster (the shifts set the units), whose change would be refused.
final class WhatIfFormTests: XCTestCase {
    func testTheFormOffersOnlyKeysTheModelReads() throws {
        let source = ScenarioSource(file: "ward.yaml", text: """
            name: ward
            run: {horizon: "2 day"}
            arrivals: [{name: a, rate: 0.1}]
            resources:
              - {name: bay, capacity: 3}
              - name: doctor
                capacity: 5
                shifts: [{from: "08:00", to: "20:00", capacity: 2}, {from: "20:00", to: "08:00", capacity: 1}]
            pathway: [{use: bay, duration: 20}, {use: doctor, duration: 10}]
            """)
        let form = WhatIfForm(source, scenario: try source.load().scenario)
        XCTAssertEqual(form.fields.map(\.path), ["arrivals.a.rate", "resources.bay.capacity",
                                                 "resources.doctor.shifts.0.capacity", "resources.doctor.shifts.1.capacity"])
    }
}
