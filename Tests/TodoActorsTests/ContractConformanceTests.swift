import ActorRuntime
import Testing
import TodoActors
import TodoContracts

/// Every method reference of TodoContracts names an implementation with the same actor type,
/// method name, input and output: a mismatch of types does not compile here, a mismatch of
/// names fails here, before a caller's call fails at run time with "method not found".
@Suite struct ContractConformanceTests {
    @Test func apiTokenActorImplementsItsContract() {
        #expect(APITokenActorContract.issue.matches(APITokenActor.issue))
        #expect(APITokenActorContract.resolve.matches(APITokenActor.resolve))
        #expect(APITokenActorContract.revoke.matches(APITokenActor.revoke))
        #expect(Set(APITokenActor.methods.names) == ["issue", "resolve", "revoke"])
    }

    @Test func userActorImplementsItsContract() {
        #expect(UserActorContract.timeZone.matches(UserActor.timeZone))
        #expect(UserActor.methods.handler(named: UserActorContract.timeZone.name) != nil)
    }

    @Test func aReferenceWithAnotherNameDoesNotMatch() {
        let misnamed = ActorMethodReference<APITokenActorContract, NoValue, APIToken>("resolved")
        #expect(!misnamed.matches(APITokenActor.resolve))
    }
}
