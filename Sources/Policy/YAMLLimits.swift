internal import CYaml

/// Limits on a policy file, checked on libyaml's token stream before Yams builds a node: an
/// alias or anchor (whose expansion can cost time exponential in the file's size), a tag, or
/// nesting deeper than `maxDepth` is refused with a located diagnostic naming the limit.
enum YAMLLimits {
    /// The deepest nesting of mappings and sequences a policy may use.
    static let maxDepth = 32

    /// The problem found, located, or nil when the text is within the limits. Syntax errors are
    /// left to the parser, which reports them with more context.
    static func check(_ text: String) -> (line: Int, column: Int, message: String)? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return (1, 1, "YAML: cannot start the scanner") }
        defer { yaml_parser_delete(&parser) }
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            while true {
                var token = yaml_token_t()
                guard yaml_parser_scan(&parser, &token) == 1 else { return nil }
                defer { yaml_token_delete(&token) }
                let line = Int(token.start_mark.line) + 1
                let column = Int(token.start_mark.column) + 1
                switch token.type {
                case YAML_STREAM_END_TOKEN:
                    return nil
                case YAML_ANCHOR_TOKEN, YAML_ALIAS_TOKEN:
                    return (
                        line, column,
                        "YAML anchors and aliases (& and *) are not allowed in a policy; write the value out"
                    )
                case YAML_TAG_TOKEN, YAML_TAG_DIRECTIVE_TOKEN:
                    return (line, column, "YAML tags (!) are not allowed in a policy")
                case YAML_BLOCK_SEQUENCE_START_TOKEN, YAML_BLOCK_MAPPING_START_TOKEN, YAML_FLOW_SEQUENCE_START_TOKEN,
                    YAML_FLOW_MAPPING_START_TOKEN:
                    depth += 1
                    if depth > maxDepth {
                        return (line, column, "nesting deeper than the limit of \(maxDepth) levels")
                    }
                case YAML_BLOCK_END_TOKEN, YAML_FLOW_SEQUENCE_END_TOKEN, YAML_FLOW_MAPPING_END_TOKEN:
                    depth -= 1
                default:
                    break
                }
            }
        }
    }
}
