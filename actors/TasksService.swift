import ActorRuntime

/// The actor types tasks-service hosts, registered in one place for every host and for tests.
public enum TasksServiceActors {
    public static func register(on registry: any ActorRegistry) {
        registry.register(TaskActor.self, options: ActorTypeOptions())
        registry.register(UserActor.self, options: ActorTypeOptions())
        registry.register(AccountActor.self, options: ActorTypeOptions())
        registry.register(APITokenActor.self, options: ActorTypeOptions())
        registry.register(ConversationActor.self, options: ActorTypeOptions())
    }
}
