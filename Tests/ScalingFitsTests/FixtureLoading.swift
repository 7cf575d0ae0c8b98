import Foundation
import ScalingFits

/// Reads a fixture CSV from the test bundle into a `NumericTable`.
func fixtureTable(_ name: String) throws -> NumericTable {
    guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures") else {
        throw CocoaError(.fileNoSuchFile)
    }
    return try NumericTable(csv: String(contentsOf: url, encoding: .utf8))
}
