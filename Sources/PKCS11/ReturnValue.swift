/// PKCS#11 return values: their names, and what an operator should do about the common ones.
enum ReturnValue {
    static let ok: UInt = 0

    static let names: [UInt: String] = [
        0x000: "CKR_OK", 0x001: "CKR_CANCEL", 0x002: "CKR_HOST_MEMORY", 0x003: "CKR_SLOT_ID_INVALID",
        0x005: "CKR_GENERAL_ERROR", 0x006: "CKR_FUNCTION_FAILED", 0x007: "CKR_ARGUMENTS_BAD",
        0x010: "CKR_ATTRIBUTE_READ_ONLY", 0x011: "CKR_ATTRIBUTE_SENSITIVE", 0x012: "CKR_ATTRIBUTE_TYPE_INVALID",
        0x013: "CKR_ATTRIBUTE_VALUE_INVALID", 0x020: "CKR_DATA_INVALID", 0x021: "CKR_DATA_LEN_RANGE",
        0x030: "CKR_DEVICE_ERROR", 0x031: "CKR_DEVICE_MEMORY", 0x032: "CKR_DEVICE_REMOVED",
        0x040: "CKR_ENCRYPTED_DATA_INVALID", 0x041: "CKR_ENCRYPTED_DATA_LEN_RANGE", 0x054: "CKR_FUNCTION_NOT_SUPPORTED",
        0x060: "CKR_KEY_HANDLE_INVALID", 0x062: "CKR_KEY_SIZE_RANGE", 0x063: "CKR_KEY_TYPE_INCONSISTENT",
        0x068: "CKR_KEY_FUNCTION_NOT_PERMITTED", 0x069: "CKR_KEY_NOT_WRAPPABLE", 0x06A: "CKR_KEY_UNEXTRACTABLE",
        0x070: "CKR_MECHANISM_INVALID", 0x071: "CKR_MECHANISM_PARAM_INVALID", 0x082: "CKR_OBJECT_HANDLE_INVALID",
        0x090: "CKR_OPERATION_ACTIVE", 0x091: "CKR_OPERATION_NOT_INITIALIZED", 0x0A0: "CKR_PIN_INCORRECT",
        0x0A1: "CKR_PIN_INVALID", 0x0A2: "CKR_PIN_LEN_RANGE", 0x0A3: "CKR_PIN_EXPIRED", 0x0A4: "CKR_PIN_LOCKED",
        0x0B0: "CKR_SESSION_CLOSED", 0x0B1: "CKR_SESSION_COUNT", 0x0B3: "CKR_SESSION_HANDLE_INVALID",
        0x0B5: "CKR_SESSION_READ_ONLY", 0x0B6: "CKR_SESSION_EXISTS", 0x0C0: "CKR_SIGNATURE_INVALID",
        0x0C1: "CKR_SIGNATURE_LEN_RANGE", 0x0D0: "CKR_TEMPLATE_INCOMPLETE", 0x0D1: "CKR_TEMPLATE_INCONSISTENT",
        0x0E0: "CKR_TOKEN_NOT_PRESENT", 0x0E1: "CKR_TOKEN_NOT_RECOGNIZED", 0x0E2: "CKR_TOKEN_WRITE_PROTECTED",
        0x100: "CKR_USER_ALREADY_LOGGED_IN", 0x101: "CKR_USER_NOT_LOGGED_IN", 0x102: "CKR_USER_PIN_NOT_INITIALIZED",
        0x103: "CKR_USER_TYPE_INVALID", 0x150: "CKR_BUFFER_TOO_SMALL", 0x190: "CKR_CRYPTOKI_NOT_INITIALIZED",
        0x191: "CKR_CRYPTOKI_ALREADY_INITIALIZED", 0x1B0: "CKR_FUNCTION_REJECTED",
    ]

    static func name(_ value: UInt) -> String {
        names[value] ?? "CKR_0x\(String(value, radix: 16))"
    }

    /// What the caller should do, for the return values an operator can act on.
    static func advice(_ value: UInt) -> String? {
        switch value {
        case 0x0A0: "check the PIN file or variable; repeated failures may lock the token"
        case 0x0A4: "the user PIN is locked; the security officer must reset it"
        case 0x0A3: "the PIN has expired; set a new one with the HSM's tools"
        case 0x102: "the token has no user PIN yet; initialise it with the HSM's tools"
        case 0x0E0, 0x032: "the token is not present; check the HSM connection"
        case 0x070: "the HSM does not offer this mechanism; see docs/hsm.md for what Custody needs"
        case 0x0B1: "the HSM has no free session; lower the pool size or raise the HSM's limit"
        case 0x031: "the HSM is out of memory for objects"
        default: nil
        }
    }

    /// Throws a `PKCS11Error` unless `value` is CKR_OK; `operation` names what was attempted.
    static func check(_ value: UInt, _ operation: String, code: PKCS11Error.Code = .moduleError) throws(PKCS11Error) {
        guard value != ok else { return }
        var reason = "\(operation) failed"
        if let advice = advice(value) { reason += ": \(advice)" }
        throw PKCS11Error(code, reason, returnValue: name(value))
    }
}
