/// What `--db` names: a `postgresql://` (or `postgres://`) URL for a PostgreSQL server, anything
/// else a SQLite file.
public enum ResultsLocation {
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// Opens (creating or migrating the schema) the results database `location` names.
    public static func open(_ location: String) throws(DatabaseError) -> any ResultsWriter {
        isPostgres(location) ? try PostgresResults(url: location) : try ResultsDatabase(path: location)
    }

    /// Reads run `runID` (the latest complete one when nil) without changing the database.
    public static func readRun(_ location: String, runID: Int64?) throws(DatabaseError) -> StoredRun {
        isPostgres(location) ? try PostgresResults.readRun(url: location, runID: runID)
            : try ResultsDatabase.readRun(path: location, runID: runID)
    }
}
