import Foundation

/// The moment a revision is generated, as Alembic's `_generate_create_date` computes it: local
/// naive time, or the `timezone` setting's zone (tried as written, then upper-cased).
struct CreateDate: Sendable {
    /// Calendar fields in the chosen zone.
    var year, month, day, hour, minute, second, microsecond: Int
    /// `int(create_date.timestamp())`.
    var epoch: Int
    /// UTC offset in seconds when a timezone is configured (`nil` for a naive datetime).
    var utcOffset: Int?

    /// Computes the create date for `date` (default now) and the `timezone` setting.
    init(date: Date = Date(), timezone: String?) throws(CreateDateError) {
        var zone = TimeZone.current
        if let name = timezone {
            guard let found = TimeZone(identifier: name) ?? TimeZone(identifier: name.uppercased()) else {
                throw CreateDateError(message: "Can't locate timezone: \(name)")
            }
            zone = found
            utcOffset = found.secondsFromGMT(for: date)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        epoch = Int(whole)
        microsecond = min(Int(((seconds - whole) * 1_000_000).rounded(.down)), 999_999)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
        year = parts.year!
        month = parts.month!
        day = parts.day!
        hour = parts.hour!
        minute = parts.minute!
        second = parts.second!
    }

    /// `str(create_date)`: `2026-11-22 01:59:06.123456`, plus `+01:00` when zoned; microseconds
    /// are left out when zero, as Python does.
    var pythonString: String {
        var text = String(format: "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second)
        if microsecond != 0 { text += String(format: ".%06d", microsecond) }
        if let offset = utcOffset {
            let sign = offset < 0 ? "-" : "+"
            let magnitude = abs(offset)
            text += String(format: "%@%02d:%02d", sign, magnitude / 3600, (magnitude % 3600) / 60)
            if magnitude % 60 != 0 { text += String(format: ":%02d", magnitude % 60) }
        }
        return text
    }
}

/// An unknown `timezone` setting.
struct CreateDateError: Error, CustomStringConvertible, Sendable {
    /// Alembic's wording.
    var message: String
    var description: String { message }
}
