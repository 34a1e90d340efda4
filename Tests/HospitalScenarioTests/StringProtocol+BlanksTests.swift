import Foundation
import XCTest
@testable import HospitalScenario

/// `trimmingBlanks()` removes exactly what Foundation's `trimmingCharacters(in: .whitespaces)`
/// removes, which it replaces in every reader of text fields.
final class StringProtocolBlanksTests: XCTestCase {
    /// Every space separator of Unicode (category Zs), the tab, the zero-width space, and
    /// characters that look blank but are not in the set: line breaks, the byte order mark, a
    /// combining mark.
    static let pieces = ["", " ", "\t", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2007}", "\u{200A}", "\u{202F}", "\u{205F}",
                         "\u{3000}", "\n", "\r\n", "\u{0B}", "\u{200B}", "\u{FEFF}", "\u{301}", "a", "é", "12.5", "minor", "x y",
                         "🏥", "名"]

    func testRemovesWhatFoundationRemovesAndNothingElse() {
        var compared = 0
        for a in Self.pieces {
            for b in Self.pieces {
                for c in Self.pieces {
                    let text = a + b + c
                    XCTAssertEqual(text.trimmingBlanks(), text.trimmingCharacters(in: .whitespaces),
                                   "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
                    let sub = ("<" + text + ">").dropFirst().dropLast()
                    XCTAssertEqual(sub.trimmingBlanks(), sub.trimmingCharacters(in: .whitespaces))
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, Self.pieces.count * Self.pieces.count * Self.pieces.count)
    }

    /// Every Unicode scalar on its own: blank exactly when Foundation trims it away.
    func testEveryScalar() {
        var blanks = 0
        for v in 0...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let text = String(scalar)
            XCTAssertEqual(text.trimmingBlanks(), text.trimmingCharacters(in: .whitespaces), String(v, radix: 16))
            if text.trimmingBlanks().isEmpty { blanks += 1 }
        }
        XCTAssertEqual(blanks, 19)  // the tab, 17 space separators, the zero-width space
    }

    func testKeepsInnerBlanksAndLineBreaks() {
        XCTAssertEqual("  a \t b  ".trimmingBlanks(), "a \t b")
        XCTAssertEqual(" \n a \n ".trimmingBlanks(), "\n a \n")
        XCTAssertEqual(" \t\u{3000} ".trimmingBlanks(), "")
    }
}
