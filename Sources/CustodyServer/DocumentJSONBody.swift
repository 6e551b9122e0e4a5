import Encoding

/// Response bodies the daemons write themselves, as `DocumentJSON`'s compact layout.
enum DocumentJSONBody {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try DocumentJSON.data(value, layout: .compact))
    }
}
