/// One located problem in a policy file, printed as `file:line:column: message`.
public struct PolicyDiagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file name as given to the decoder.
    public let file: String
    /// The line, from 1.
    public let line: Int
    /// The column, from 1, in Unicode scalars.
    public let column: Int
    /// What is wrong, for a person.
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
