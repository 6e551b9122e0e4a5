import CustodyAPI
import Testing

/// The service's methods as a server routes them and a client calls them.
@Suite struct CustodyServiceTests {
    @Test func everyMethodHasItsPathAndTypes() {
        let expected = [
            "CreateWithdrawal", "GetRequest", "ListRequests", "CancelRequest", "ListWallets", "GetWallet",
            "RegisterDeposit", "WatchRequests",
        ]
        #expect(CustodyService.methods.map(\.name) == expected)
        for method in CustodyService.methods {
            #expect(method.path == "/custody.v1.CustodyService/\(method.name)")
            #expect(method.requestType == "custody.v1.\(method.name)Request")
            #expect(method.responseType == "custody.v1.\(method.name)Response")
            #expect(CustodyService.method(path: method.path) == method)
        }
        #expect(CustodyService.createWithdrawal.path == "/custody.v1.CustodyService/CreateWithdrawal")
        #expect(CustodyService.contentType == "application/json")
    }

    @Test func aRequestIsReadByItsPath() throws {
        let request = try CustodyService.decodeRequest(
            path: CustodyService.getWallet.path, body: body(#"{"walletId":"hot-btc"}"#))
        #expect(request as? GetWalletRequest == GetWalletRequest(walletId: "hot-btc"))
        let error = #expect(throws: ConnectError.self) {
            try CustodyService.decodeRequest(path: "/custody.v1.CustodyService/DeleteWallet", body: body("{}"))
        }
        #expect(error?.code == .unimplemented)
        #expect(CustodyService.method(path: "/custody.v1.CustodyService/getWallet") == nil)
    }

    @Test func aRequestIsValidatedWhenRead() {
        let error = #expect(throws: ConnectError.self) {
            try CustodyService.decodeRequest(path: CustodyService.getWallet.path, body: body("{}"))
        }
        #expect(error == ConnectError(.invalidArgument, "walletId: required"))
    }

    @Test func theLifecycleIsAsDocumented() {
        #expect(RequestState.pendingApproval.successors == [.approved, .rejected, .cancelled, .expired])
        #expect(RequestState.approved.successors == [.signing, .rejected, .cancelled, .expired])
        #expect(RequestState.signing.successors == [.signed, .failed])
        for state in RequestState.allCases {
            #expect(state.isFinal == (state.successors.isEmpty && state != .unspecified))
            #expect(state.isCancellable == state.successors.contains(.cancelled))
        }
    }
}
