/// A value bound to, or read from, a statement. Both drivers map these four kinds alike.
public enum SQLValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    /// The integer, or a decoding error.
    public func integer() throws(StorageError) -> Int64 {
        guard case .integer(let value) = self else { throw StorageError(.decoding, "expected an integer, got \(kind)") }
        return value
    }

    /// The bytes, or a decoding error.
    public func blob() throws(StorageError) -> [UInt8] {
        guard case .blob(let value) = self else { throw StorageError(.decoding, "expected bytes, got \(kind)") }
        return value
    }

    /// The text, or a decoding error.
    public func text() throws(StorageError) -> String {
        guard case .text(let value) = self else { throw StorageError(.decoding, "expected text, got \(kind)") }
        return value
    }

    var kind: String {
        switch self {
        case .null: "null"
        case .integer: "an integer"
        case .text: "text"
        case .blob: "bytes"
        }
    }
}

/// One result row.
public typealias SQLRow = [SQLValue]
