/// A fixed row of slots written by concurrent workers (`DispatchQueue.concurrentPerform`), each
/// slot by exactly one worker, then read once the workers are done.
///
/// A plain array would be copied on the first concurrent write; a buffer of separate slots needs
/// no lock because no two workers touch the same memory.
final class ConcurrentSlots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value>

    /// `count` slots holding `initial`.
    init(count: Int, initial: Value) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: initial)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    /// The value of slot `index`; written only by the worker that owns the slot.
    subscript(index: Int) -> Value {
        get { buffer[index] }
        set { buffer[index] = newValue }
    }

    /// The non-`nil` values in order, moved out of the slots (no retain and release of every
    /// value's fields, as a copy would do); every slot is `nil` afterwards.
    func takeValues<Wrapped>() -> [Wrapped] where Value == Wrapped? {
        var result: [Wrapped] = []
        result.reserveCapacity(buffer.count)
        for index in buffer.indices {
            if let value = buffer[index].take() { result.append(value) }
        }
        return result
    }

    /// The non-`nil` results of `transform` over every slot, in order (no intermediate copy).
    func compactMap<Result>(_ transform: (Value) throws -> Result?) rethrows -> [Result] {
        try buffer.compactMap(transform)
    }
}
