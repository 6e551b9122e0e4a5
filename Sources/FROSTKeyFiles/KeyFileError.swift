import Foundation

/// A key file that does not decode, or a value that cannot be written as one.
///
/// ``reason`` says what was wrong: a field, a limit, a check that failed. It never holds the
/// signing share or any part of it. ``description`` puts the file's path in front when known.
public struct KeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, when the error came from reading one.
    public let path: String?
    /// What was wrong.
    public let reason: String

    public init(_ reason: String, path: String? = nil) {
        self.reason = reason
        self.path = path
    }

    /// `PATH: reason`, or the reason alone.
    public var description: String { path.map { "\($0): \(reason)" } ?? reason }

    /// The same error, about the file at `path`.
    func at(_ path: String) -> KeyFileError { KeyFileError(reason, path: path) }
}

/// Calls `body` with the bytes of `bytes` and keeps its error type (`withUnsafeBytes` of the
/// standard library and Foundation rethrows `any Error`).
func withBytes<Bytes: ContiguousBytes, Value>(
    of bytes: Bytes, _ body: (UnsafeRawBufferPointer) throws(KeyFileError) -> Value
) throws(KeyFileError) -> Value {
    let result: Result<Value, KeyFileError> = bytes.withUnsafeBytes { buffer in
        do throws(KeyFileError) {
            return .success(try body(buffer))
        } catch {
            return .failure(error)
        }
    }
    return try result.get()
}
