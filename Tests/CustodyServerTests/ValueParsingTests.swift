import Foundation
import Testing

@testable import CustodyServer

/// The values a configuration holds, parsed by the rules docs/daemons.md gives.
@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("127.0.0.1:7401", "127.0.0.1", 7401), ("0.0.0.0:0", "0.0.0.0", 0), ("[::1]:65535", "::1", 65535),
        ("[fe80::1]:80", "fe80::1", 80),
    ])
    func listenAddressesThatParse(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host && address.port == port)
        #expect(address.description == text)
    }

    @Test(arguments: [
        "localhost:7401", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+80",
        "::1:7401", "[::1]7401", "[127.0.0.1]:80", "256.0.0.1:80", "127.0.0.1:0x50", "", "[::1]:", "127.0.0.1:٣",
    ])
    func listenAddressesThatDoNot(text: String) {
        #expect(throws: ValueError.self) { try ListenAddress(parsing: text) }
    }

    @Test func databaseLocationsAndTheirPasswordRule() throws {
        #expect(
            try DatabaseLocation(parsing: "postgres://custody@db:5432/custody")
                == .postgres(url: "postgres://custody@db:5432/custody"))
        #expect(try DatabaseLocation(parsing: "POSTGRESQL://u@h/d") == .postgres(url: "POSTGRESQL://u@h/d"))
        #expect(try DatabaseLocation(parsing: "/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        do {
            _ = try DatabaseLocation(parsing: "postgres://u:hunter2@h/d")
            Issue.record("a password in the URL was accepted")
        } catch {
            #expect(!error.reason.contains("hunter2"))
        }
        #expect(throws: ValueError.self) { try DatabaseLocation(parsing: "postgres:///d") }
        #expect(throws: ValueError.self) { try DatabaseLocation(parsing: "/nonexistent/dir/x.sqlite") }
    }

    @Test func peerURLs() throws {
        #expect(try ConfigurationValues.peerURL("https://signer-1.example:7401/base").host == "signer-1.example")
        for bad in ["ftp://h", "http://", "http://u@h", "http://h/?q=1", "http://h/#f", "h:80", "not a url"] {
            #expect(throws: ValueError.self, "\(bad)") { try ConfigurationValues.peerURL(bad) }
        }
    }
}
