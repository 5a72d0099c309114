import Foundation
import Testing

@testable import MigcheckCore

/// ``PipeWriter``: writing to a pipe nobody reads (a driver that exited) fails with `EPIPE`
/// instead of ending the process with `SIGPIPE` (which is what `FileHandle.write` does).
@Suite struct PipeWriterTests {
    @Test func aPipeWithoutReaderIsAnErrorNotASignal() throws {
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let line = Data("{\"url\": \"postgresql://x\"}\n".utf8)
        let error = try #require(throws: PipeWriter.Failed.self) {
            try PipeWriter.write(line, to: pipe.fileHandleForWriting.fileDescriptor)
        }
        #expect(error.code == EPIPE)
        // No SIGPIPE is left pending on this thread, and the mask is what it was.
        var pending = sigset_t()
        sigpending(&pending)
        #expect(sigismember(&pending, SIGPIPE) == 0)
        var mask = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &mask)
        #expect(sigismember(&mask, SIGPIPE) == 0)
        try pipe.fileHandleForWriting.close()
    }

    @Test func everythingIsWrittenToAReader() throws {
        let pipe = Pipe()
        let data = Data((0..<200_000).map { UInt8($0 % 251) })
        let received = LockedData()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            received.set(pipe.fileHandleForReading.readDataToEndOfFile())
            done.signal()
        }
        try PipeWriter.write(data, to: pipe.fileHandleForWriting.fileDescriptor)
        try pipe.fileHandleForWriting.close()
        done.wait()
        #expect(received.value == data)
    }
}

/// Data written on one thread and read on another.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    var value: Data { lock.withLock { data } }
    func set(_ value: Data) { lock.withLock { data = value } }
}
