import Policy

/// What the coordinator's signing and freeze request bodies share: a strict JSON object of
/// known keys, and the signed request, approvals and policy hash it carries.
enum RequestBody {
    /// The members of the JSON object `body`, read strictly (Policy's `StrictJSON`, at most
    /// `maxBytes`), each key one of `known`.
    static func fields(_ body: [UInt8], known: [String], maxBytes: Int) throws(SignatureRequestError)
        -> [String: JSONValue]
    {
        let value: JSONValue
        do {
            value = try StrictJSON.parse(body, what: "body", code: .invalidRequest, maxBytes: maxBytes)
        } catch {
            throw SignatureRequestError(error.reason)
        }
        guard case .object(let members) = value else { throw SignatureRequestError("body: not a JSON object") }
        var fields: [String: JSONValue] = [:]
        for member in members {
            guard known.contains(member.key) else {
                throw SignatureRequestError(
                    "\(WalletCreationRequest.quoted(member.key)): unknown key (known keys: "
                        + "\(known.sorted().joined(separator: ", ")))")
            }
            fields[member.key] = member.value
        }
        return fields
    }

    /// `request` (required), `approvals` (default none) and `policy` (required, 64 hex digits).
    static func authorization(_ fields: [String: JSONValue]) throws(SignatureRequestError)
        -> (request: SignedRequest, approvals: [SignedApproval], policy: PolicyHash)
    {
        guard let requestValue = fields["request"] else { throw SignatureRequestError("request: required") }
        let signed: SignedRequest
        let approvals: [SignedApproval]
        do {
            signed = try PolicyInputDecoder.signedRequest(json: JSONWriter.canonical(requestValue))
            approvals = try PolicyInputDecoder.approvals(json: JSONWriter.canonical(fields["approvals"] ?? .array([])))
        } catch {
            throw SignatureRequestError(error.reason)
        }
        guard case .string(let policyText)? = fields["policy"], let policy = PolicyHash(hex: policyText) else {
            throw SignatureRequestError("policy: the policy version's hash is required (64 hex digits)")
        }
        return (signed, approvals, policy)
    }
}
