import Foundation

@testable import MigcheckCore

/// The platform wheel (`ci/build-wheel.sh`), installed with pip into a fresh venv, as a Python team
/// without Swift would install it.
///
/// The wheel is `$MIGCHECK_TEST_WHEEL` when set (ci/test.sh builds it once before the suite),
/// otherwise built here into a temporary directory. Built and installed once per test process.
final class InstalledWheel: Sendable {
    /// The wheel file.
    let wheel: URL
    /// The fresh venv it is installed in.
    let venv: URL
    /// Keeps the venv (and a wheel built here) until the process ends, then goes.
    private let scratch: URL

    /// The shared installation, or why it could not be made.
    static let shared: Result<InstalledWheel, WheelSetupError> = {
        do { return .success(try InstalledWheel()) } catch let error as WheelSetupError {
            return .failure(error)
        } catch {
            return .failure(WheelSetupError(step: "set-up", output: "\(error)"))
        }
    }()

    /// The installation, or a thrown error that fails the calling test.
    static func get() throws -> InstalledWheel { try shared.get() }

    private init() throws {
        scratch = try ProcessLifetimeDirectory.make(purpose: "wheel")
        if let given = ProcessInfo.processInfo.environment["MIGCHECK_TEST_WHEEL"], !given.isEmpty {
            wheel = URL(fileURLWithPath: given)
        } else {
            let out = scratch.appendingPathComponent("dist")
            let built = try ProcessRunner.run(
                "bash", [TestEnvironment.packageRoot.appendingPathComponent("ci/build-wheel.sh").path, out.path],
                directory: TestEnvironment.packageRoot)
            guard built.status == 0, let last = built.stdoutText.split(separator: "\n").last else {
                throw WheelSetupError(step: "ci/build-wheel.sh", output: built.stdoutText + built.stderrText)
            }
            wheel = URL(fileURLWithPath: String(last))
        }
        venv = scratch.appendingPathComponent("venv")
        let python = ProcessInfo.processInfo.environment["MIGCHECK_TEST_SYSTEM_PYTHON"] ?? "python3"
        let created = try ProcessRunner.run(python, ["-m", "venv", venv.path])
        guard created.status == 0 else { throw WheelSetupError(step: "python3 -m venv", output: created.stderrText) }
        let installed = try ProcessRunner.run(
            venv.appendingPathComponent("bin/python").path,
            ["-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index", wheel.path])
        guard installed.status == 0 else {
            throw WheelSetupError(step: "pip install \(wheel.lastPathComponent)", output: installed.stdoutText + installed.stderrText)
        }
    }

    /// The `migcheck` pip put into the venv's bin.
    var migcheck: String { venv.appendingPathComponent("bin/migcheck").path }

    /// The venv's Python.
    var python: String { venv.appendingPathComponent("bin/python").path }

    /// An environment without Swift and without library overrides: the venv's bin, then the
    /// system's PATH minus every directory that holds a `swift` executable.
    static func environmentWithoutSwift(prepending directories: [String] = []) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        let path = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let kept = path.filter { !FileManager.default.isExecutableFile(atPath: $0 + "/swift") && !$0.contains("swift") }
        env["PATH"] = (directories + kept).joined(separator: ":")
        for key in ["LD_LIBRARY_PATH", "LD_PRELOAD", "MIGCHECK_LIBPQ", "VIRTUAL_ENV", "PYTHONPATH", "GITHUB_STEP_SUMMARY"] {
            env.removeValue(forKey: key)
        }
        env["NO_COLOR"] = "1"
        env["CI"] = ""
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        return env
    }

    /// Runs the installed migcheck with no Swift on PATH.
    func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = Self.environmentWithoutSwift(prepending: [venv.appendingPathComponent("bin").path])
        for (key, value) in environment { env[key] = value }
        return try ProcessRunner.run(migcheck, arguments, environment: env, directory: directory)
    }
}

/// Building or installing the wheel failed; the output says why.
struct WheelSetupError: Error, CustomStringConvertible {
    var step: String
    var output: String
    var description: String { "\(step) failed:\n\(output.suffix(4000))" }
}

/// `ldd` of a file: each dependency's soname and the path it resolves to (`nil` for "not found").
enum SharedLibraries {
    /// glibc's own libraries and the C++ runtime: allowed by every manylinux policy.
    static let systemSonamePrefixes = [
        "linux-vdso", "libc.so", "libm.so", "libdl.so", "libpthread.so", "librt.so", "libresolv.so", "libutil.so",
        "ld-linux", "libstdc++.so", "libgcc_s.so",
    ]

    static func resolve(_ file: String) throws -> [(soname: String, path: String?)] {
        let result = try ProcessRunner.run("ldd", [file])
        return result.stdoutText.split(separator: "\n").compactMap { line in
            let fields = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " => ")
            guard let soname = fields.first?.split(separator: " ").first.map(String.init) else { return nil }
            guard fields.count == 2 else { return (soname, soname.hasPrefix("/") ? soname : "(vdso)") }
            if fields[1].hasPrefix("not found") { return (soname, nil) }
            return (soname, fields[1].split(separator: " ").first.map(String.init))
        }
    }

    static func isSystem(_ soname: String) -> Bool {
        systemSonamePrefixes.contains { soname.hasPrefix($0) || soname.contains("/" + $0) }
    }
}
