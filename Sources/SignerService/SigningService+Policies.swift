public import Custody

extension SigningService {
    /// Replaces the policy versions this signer decides requests under: called with every
    /// version ``PolicyAdoptionService`` holds after it adopted a governed change.
    public func decide(under policies: AdoptedPolicies) {
        authorizer = SignerAuthorizer(policies: policies)
    }
}
