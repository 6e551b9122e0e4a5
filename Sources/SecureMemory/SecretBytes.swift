import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Secret bytes (key shares, nonces, unsealed keys) held in memory that is wiped when the last
/// reference goes away.
///
/// - Equality runs in constant time in the contents (the lengths are not secret).
/// - `description`, `debugDescription` and reflection never show the contents.
/// - The value is immutable: every instance shares one buffer, allocated once, and the
///   buffer is wiped with `explicit_bzero` (which the compiler may not elide) before it is freed.
///
/// Swift can copy values that are read out with ``withUnsafeBytes(_:)`` into registers and
/// stack slots the program does not control; keep such reads short and local.
public struct SecretBytes: Sendable {
    private let storage: Storage

    /// Fills `count` fresh bytes with `initializer`; if it throws, the bytes are wiped and the
    /// error is rethrown.
    public init<E: Error>(
        count: Int, initializingWith initializer: (UnsafeMutableRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        let storage = Storage(count: count)
        try initializer(storage.buffer)
        self.storage = storage
    }

    /// Copies `bytes` into wiped-on-release memory. The caller remains responsible for the source.
    public init(copying bytes: some Collection<UInt8>) {
        storage = Storage(count: bytes.count)
        _ = storage.buffer.initializeMemory(as: UInt8.self, from: bytes)
    }

    /// The number of bytes.
    public var count: Int { storage.buffer.count }

    /// Calls `body` with the secret contents; do not let the pointer escape.
    public func withUnsafeBytes<R, E: Error>(
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeRawBufferPointer(storage.buffer))
    }

    /// An immutable buffer that wipes itself on deinit.
    ///
    /// `@unchecked Sendable`: the buffer is written only during `SecretBytes.init`, before the
    /// instance is shared, and never mutated afterwards, so concurrent reads are safe.
    private final class Storage: @unchecked Sendable {
        private let base: UnsafeMutableRawPointer
        let buffer: UnsafeMutableRawBufferPointer

        init(count: Int) {
            // One byte at least, so that an empty secret still owns a real allocation.
            base = .allocate(byteCount: max(count, 1), alignment: 16)
            explicit_bzero(base, max(count, 1))
            buffer = UnsafeMutableRawBufferPointer(start: base, count: count)
        }

        deinit {
            explicit_bzero(base, max(buffer.count, 1))
            if SecretBytes.wipeObserved.load(ordering: .acquiring) {
                SecretBytes.wipeObserver.withLock { $0?(UnsafeRawBufferPointer(buffer)) }
            }
            base.deallocate()
        }
    }

    /// For tests, in every build configuration: called with each buffer after it is wiped and
    /// before it is freed, so that a test can check the wipe on the real memory (its address is
    /// the one ``withUnsafeBytes(_:)`` gave). Pass nil to remove the observer. Without an
    /// observer a release costs one atomic load.
    @_spi(Testing)
    public static func setWipeObserver(_ observer: (@Sendable (UnsafeRawBufferPointer) -> Void)?) {
        wipeObserver.withLock { $0 = observer }
        wipeObserved.store(observer != nil, ordering: .releasing)
    }

    private static let wipeObserver = Mutex<(@Sendable (UnsafeRawBufferPointer) -> Void)?>(nil)
    private static let wipeObserved = Atomic<Bool>(false)
}

extension SecretBytes: Equatable {
    /// Constant-time comparison of the contents.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in ConstantTime.equal(a, b) } }
    }
}

extension SecretBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
