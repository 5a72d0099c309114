import Foundation

/// Writes to a pipe whose reader may have ended (a child process that exited: the Alembic driver,
/// a program ``ProcessRunner`` gives input to) without the `SIGPIPE` that would end migcheck: the
/// signal is blocked on the writing thread for the write, and one the write raised is taken off
/// before it is unblocked, so the write fails with `EPIPE`.
enum PipeWriter {
    /// A write that did not complete (`EPIPE`: nobody reads the pipe any more).
    struct Failed: Error {
        var code: Int32
    }

    /// Writes all of `data` to `descriptor`.
    static func write(_ data: Data, to descriptor: Int32) throws {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1, sigismember(&previous, SIGPIPE) == 0 {
                var none = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&blocked, nil, &none)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failed(code: errno)
                }
                offset += written
            }
        }
    }
}
