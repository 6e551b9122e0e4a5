import CustodyTestSupport

/// The two drivers, each giving fresh databases (``TestDatabase`` of the test kit).
typealias Driver = TestDatabase
