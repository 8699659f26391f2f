/// Where actor types are registered: either host. Lets a service declare its actors once and
/// run them embedded or behind a sidecar.
public protocol ActorRegistry: Sendable {
    func register<A: VirtualActor>(_ type: A.Type, options: ActorTypeOptions)
}

extension EmbeddedActorHost: ActorRegistry {}
extension SidecarActorHost: ActorRegistry {}
