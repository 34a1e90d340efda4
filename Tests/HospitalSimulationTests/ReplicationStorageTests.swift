import XCTest
@testable import HospitalSimulation

/// A replication's fixed tables are freed with it, and values that own memory (a class's wait
/// sketch) are deinitialised first: before, every replication leaked its sketches' buckets
/// (about 20 KB a replication of an M/M/1 run, 78 MB over 4,000).
final class ReplicationStorageTests: XCTestCase {
    final class Owned {}

    struct Holder {
        var owned: Owned?
    }

    func testOwningValuesAreReleasedWithTheStorage() {
        weak var watched: Owned?
        do {
            let storage = ReplicationStorage()
            let owned = Owned()
            watched = owned
            let table = storage.allocate(Holder.self, count: 3, value: Holder(owned: nil))
            table[1].owned = owned
            XCTAssertNotNil(watched)
        }
        XCTAssertNil(watched, "the storage freed its table without releasing what the table held")
    }
}
