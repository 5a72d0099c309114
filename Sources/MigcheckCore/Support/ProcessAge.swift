import Foundation

/// How long the current process has existed, from the kernel's record of its start (Linux:
/// `/proc/self/stat` field 22 against `/proc/uptime`, 10 ms resolution), so timings can include
/// what happens before `main` (dynamic loading, Swift runtime start-up).
public enum ProcessAge {
    /// Seconds since this process started, or `nil` where `/proc` cannot tell.
    public static func seconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let uptimeText = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
            let uptime = uptimeText.split(separator: " ").first.flatMap({ Double($0) }),
            let afterName = stat.range(of: ")", options: .backwards)
        else { return nil }
        // Fields after the command name start at field 3; starttime is field 22.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard hertz > 0 else { return nil }
        return max(0, uptime - ticks / hertz)
    }
}
