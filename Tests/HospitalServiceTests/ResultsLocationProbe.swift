import HospitalFormats

/// How many runs a results database holds, read back through the library.
enum ResultsLocationProbe {
    static func runs(_ location: String) throws -> Int {
        var count = 0
        var id: Int64? = nil
        while let run = try? ResultsLocation.readRun(location, runID: id ?? nil) {
            count += 1
            guard run.id > 1 else { break }
            id = run.id - 1
        }
        return count
    }
}
