import Testing
@testable import todo

/// `--target`: lists, `all`, unknown names, and the dependencies added in one process.
@Suite struct ServiceSelectionTests {
    let everyService = ServiceCatalog.all.map(\.appID)

    @Test func allRunsEveryServiceAndAddsNothing() throws {
        let selection = try ServiceCatalog.select("all", oneProcess: true)
        #expect(selection.appIDs == everyService)
        #expect(selection.added.isEmpty)
    }

    @Test func aListAddsWhatItsServicesCallInCatalogOrder() throws {
        let selection = try ServiceCatalog.select("audit-service, api-gateway", oneProcess: true)
        #expect(selection.requested == ["api-gateway", "audit-service"])
        #expect(selection.added == ["tasks-service", "recurring-task-service"])
        #expect(selection.appIDs == ["api-gateway", "tasks-service", "recurring-task-service", "audit-service"])
    }

    @Test func dependenciesAreFollowedTransitively() throws {
        // notification-service calls UserActor (tasks-service), whose TaskActor calls SeriesActor.
        let selection = try ServiceCatalog.select("notification-service", oneProcess: true)
        #expect(selection.added == ["tasks-service", "recurring-task-service"])
    }

    @Test func servicesWithoutDependenciesRunAlone() throws {
        let selection = try ServiceCatalog.select("frontend,websocket-service,frontend", oneProcess: true)
        #expect(selection.appIDs == ["websocket-service", "frontend"])
        #expect(selection.added.isEmpty)
    }

    @Test func everyDeclaredDependencyIsAService() {
        for service in ServiceCatalog.all {
            for dependency in service.dependencies {
                #expect(everyService.contains(dependency), "\(service.appID) depends on unknown \(dependency)")
                #expect(dependency != service.appID)
            }
        }
    }

    @Test func unknownNamesAreRefusedWithTheValidOnes() {
        #expect(throws: TargetError(description: "unknown --target 'audit', 'web'; the services are: all, \(everyService.joined(separator: ", "))")) {
            try ServiceCatalog.select("api-gateway,audit,web", oneProcess: true)
        }
    }

    @Test(arguments: ["", "api-gateway,", ",frontend", "frontend,,audit-service"])
    func emptyNamesAreRefused(target: String) {
        #expect(throws: TargetError.self) { try ServiceCatalog.select(target, oneProcess: true) }
    }

    @Test func allIsNotCombined() {
        #expect(throws: TargetError(description: "--target all already names every service; give all alone, or a list of app-ids")) {
            try ServiceCatalog.select("all,frontend", oneProcess: true)
        }
    }

    @Test func behindDaprExactlyOneServiceRunsAndNothingIsAdded() throws {
        let selection = try ServiceCatalog.select("api-gateway", oneProcess: false)
        #expect(selection.appIDs == ["api-gateway"])
        #expect(throws: TargetError.self) { try ServiceCatalog.select("api-gateway,audit-service", oneProcess: false) }
        #expect(throws: TargetError.self) { try ServiceCatalog.select("all", oneProcess: false) }
    }
}
