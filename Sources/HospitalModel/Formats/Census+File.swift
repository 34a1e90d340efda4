import HospitalScenario

extension Census {
    public static func read(path: String, scenario: Scenario) throws(EpisodeTable.Failure) -> [CensusPatient] {
        let table = try EpisodeTable.read(path: path)
        return try check(table, scenario: scenario)
    }
}
