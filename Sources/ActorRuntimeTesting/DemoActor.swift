import ActorRuntime
import Foundation

/// The actor of the Dapr conformance suite: the same methods, state keys, reminder and timer
/// as the reference app written with the official Python SDK (`Tests/python/sdk_demo_actor_app.py`),
/// so both can be driven through one scenario and their wire traffic compared.
public struct DemoActor: VirtualActor {
    public static let actorType = "DemoActor"
    public let context: ActorContext

    public init(context: ActorContext) {
        self.context = context
    }

    public static let methods = ActorMethodTable<DemoActor>(getMyData, setMyData, setReminder, setTimer, timerCallback)
    public static let getMyData = ActorMethod("GetMyData", DemoActor.getMyData)
    public static let setMyData = ActorMethod("SetMyData", DemoActor.setMyData(_:))
    public static let setReminder = ActorMethod("SetReminder", DemoActor.setReminder(enabled:))
    public static let setTimer = ActorMethod("SetTimer", DemoActor.setTimer(enabled:))
    public static let timerCallback = ActorMethod("TimerCallback", DemoActor.timerCallback(_:))

    public func getMyData() async throws -> JSONValue {
        try await context.state.get("mydata", as: JSONValue.self) ?? .null
    }

    public func setMyData(_ data: JSONValue) async throws -> NoValue {
        context.state.set("mydata", data)
        return NoValue()
    }

    public func setReminder(enabled: Bool) async throws -> NoValue {
        if enabled {
            try context.registerReminder("demo_reminder", dueTime: context.now.addingTimeInterval(5), period: .seconds(10), payload: "reminder_state")
        } else {
            context.unregisterReminder("demo_reminder")
        }
        return NoValue()
    }

    public func setTimer(enabled: Bool) async throws -> NoValue {
        if enabled {
            context.registerTimer("demo_timer", dueTime: .seconds(5), period: .seconds(10), data: Data(#"{"timer":"state"}"#.utf8), callback: "TimerCallback")
        } else {
            context.unregisterTimer("demo_timer")
        }
        return NoValue()
    }

    public func timerCallback(_ data: JSONValue) async throws -> NoValue {
        context.state.set("timer_fired", data)
        return NoValue()
    }

    public func receiveReminder(_ reminder: FiredReminder) async throws {
        context.state.set("reminder_fired", reminder.name)
    }
}
