import Encoding
import Foundation

/// Where a daemon listens: an IP address literal and a TCP port, written `HOST:PORT`
/// (`127.0.0.1:7401`, `[::1]:7401`, `0.0.0.0:0`). Port 0 lets the system choose; the daemon then
/// prints the chosen port on its listening line. Host names are refused: a daemon binds to an
/// address, not to whatever a name resolves to.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The address literal, without brackets.
    public let host: String
    public let port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; the reason says what is wrong.
    public init(parsing text: String) throws(ValueError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ValueError("'\(UntrustedText.printable(text))' is not HOST:PORT ([IPv6]:PORT for IPv6)")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard Self.isIPv6(String(host)) else {
                throw ValueError("'\(UntrustedText.printable(String(host)))' is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw ValueError("'\(UntrustedText.printable(text))' is not HOST:PORT")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard Self.isIPv4(String(host)) else {
                throw ValueError(
                    "'\(UntrustedText.printable(String(host)))' is not an IPv4 address (or [IPv6]); host names are not accepted"
                )
            }
        }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portText), port <= 65535
        else {
            throw ValueError("'\(UntrustedText.printable(String(portText)))' is not a port (0 to 65535)")
        }
        self.host = String(host)
        self.port = port
    }

    /// `HOST:PORT`, IPv6 in brackets.
    public var description: String { Self.text(host: host, port: port) }

    /// `HOST:PORT` for another port (the one the system chose for port 0).
    static func text(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return text.allSatisfy { $0.isASCII } && inet_pton(AF_INET, text, &address) == 1
    }

    private static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return text.allSatisfy { $0.isASCII } && inet_pton(AF_INET6, text, &address) == 1
    }
}

/// A value that cannot be used, with the reason; the caller adds where it was.
public struct ValueError: Error, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}
