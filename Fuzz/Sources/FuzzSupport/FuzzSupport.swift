import CFuzzerDriver
import Foundation

/// Runs libFuzzer with the process's arguments, calling `test` on every input, and exits with
/// libFuzzer's status. A target's `main` calls this.
///
/// SwiftPM links an executable's entry point as `main`, so the targets start libFuzzer through
/// `LLVMFuzzerRunDriver` rather than through libFuzzer's own `main`.
public func fuzz(_ test: @escaping ([UInt8]) -> Void) -> Never {
    currentTest = test
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { testOneInput($0, $1) }
    exit(status)
}

nonisolated(unsafe) private var currentTest: ([UInt8]) -> Void = { _ in }

/// libFuzzer's own `main` (linked whole with `-sanitize=fuzzer`, though SwiftPM's entry point
/// replaces it) refers to this symbol; it runs the same test.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    currentTest(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// Stops the fuzzer with `message` when a property does not hold: libFuzzer reports the trap
/// as a crash and saves the input.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("property violated: \(message())") }
}

/// The input as text when it is valid UTF-8, as the tools read their files.
public func utf8(_ bytes: [UInt8]) -> String? {
    String(validating: bytes, as: UTF8.self)
}

/// Reads fixed-size fields off the front of an input.
public struct ByteReader {
    public private(set) var rest: ArraySlice<UInt8>

    public init(_ bytes: [UInt8]) { rest = bytes[...] }

    /// The next `count` bytes, or nil when fewer remain.
    public mutating func take(_ count: Int) -> [UInt8]? {
        guard rest.count >= count else { return nil }
        defer { rest = rest.dropFirst(count) }
        return Array(rest.prefix(count))
    }

    /// The next byte, or nil at the end.
    public mutating func byte() -> UInt8? { take(1)?.first }
}
