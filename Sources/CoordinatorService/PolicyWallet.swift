public import Policy

/// A wallet of the policy: module `Policy`'s `Wallet`, named apart from the API's message.
public typealias PolicyWallet = Wallet
