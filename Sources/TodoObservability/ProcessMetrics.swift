import Foundation

/// The standard `process_*` series (CPU seconds, resident and virtual memory, open and
/// maximum file descriptors, start time), read from `/proc/self` at each scrape. They keep
/// their conventional names so the usual dashboards and the Prometheus docs apply.
enum ProcessMetrics {
    /// Prometheus text for the process block; empty where `/proc` is missing (macOS).
    static func exposition() -> String {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8) else { return "" }
        // Fields after the command name, which is in parentheses and may contain spaces.
        guard let close = stat.lastIndex(of: ")") else { return "" }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 after the state.
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard fields.count > 21, ticks > 0,
              let utime = Double(fields[11]), let stime = Double(fields[12]),
              let startTicks = Double(fields[19]), let virtualBytes = Double(fields[20]), let rssPages = Double(fields[21])
        else { return "" }
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        let openFDs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        let maxFDs = openFileLimit() ?? 0
        let startTime = bootTime().map { $0 + startTicks / ticks } ?? 0
        var text = ""
        func add(_ name: String, _ type: String, _ help: String, _ value: Double) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        add("process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.", (utime + stime) / ticks)
        add("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", rssPages * pageSize)
        add("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", virtualBytes)
        add("process_open_fds", "gauge", "Number of open file descriptors.", Double(openFDs))
        add("process_max_fds", "gauge", "Maximum number of open file descriptors.", maxFDs)
        add("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", startTime)
        return text
    }

    /// The soft "Max open files" limit from /proc/self/limits.
    private static func openFileLimit() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/limits", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Max open files") {
            let fields = line.dropFirst("Max open files".count).split(separator: " ")
            return fields.first.flatMap { Double($0) }
        }
        return nil
    }

    /// The `btime` line of /proc/stat: when the machine booted, in Unix seconds.
    private static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
