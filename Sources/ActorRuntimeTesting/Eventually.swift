/// Polls `condition` until it holds or `timeout` passes: for effects that land on another
/// task (a reminder firing, an event delivered) where a test cannot await the cause itself.
/// The timeout is generous because CI machines have two cores and run suites in parallel;
/// a condition that holds returns at once.
public func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return try await condition()
}
