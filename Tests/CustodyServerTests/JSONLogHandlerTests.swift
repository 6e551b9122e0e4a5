import Foundation
import Logging
import Testing

@testable import CustodyServer

/// The log line format of docs/daemons.md, "Logs".
@Suite struct JSONLogHandlerTests {
    /// What a handler writing to a pipe wrote for `body`'s events.
    static func lines(level: Logger.Level, _ body: (Logger) -> Void) throws -> [[String: Any]] {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let handler = JSONLogHandler(label: "custody.test", level: level, descriptor: descriptors[1])
        var logger = Logger(label: "custody.test") { _ in handler }
        logger.logLevel = level
        body(logger)
        close(descriptors[1])
        let data = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true).readDataToEndOfFile()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func oneJSONObjectPerEventWithTimeLevelLoggerMessageAndMetadata() throws {
        let lines = try Self.lines(level: .info) { logger in
            logger.info("listening", metadata: ["address": "127.0.0.1:7401", "list": ["a", "b"]])
            logger.debug("not written at info")
            logger.warning("a line\nwith a newline")
        }
        try #require(lines.count == 2)
        #expect(lines[0]["level"] as? String == "info")
        #expect(lines[0]["logger"] as? String == "custody.test")
        #expect(lines[0]["message"] as? String == "listening")
        let metadata = try #require(lines[0]["metadata"] as? [String: Any])
        #expect(metadata["address"] as? String == "127.0.0.1:7401")
        #expect(metadata["list"] as? [String] == ["a", "b"])
        let time = try #require(lines[0]["time"] as? String)
        #expect(time.hasSuffix("Z") && time.count >= 20)
        #expect(lines[1]["message"] as? String == "a line\nwith a newline")
        #expect(lines[1]["metadata"] == nil)
    }
}
