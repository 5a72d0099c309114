import Foundation

/// Runs the project's `post_write_hooks` (black, ruff, any console script or executable) on a new
/// revision file, as `alembic/script/write_hooks.py` does, without importing Python.
public enum PostWriteHooks {
    /// What happened to one hook.
    public struct Outcome: Sendable {
        /// The hook's name (`black`, `ruff`...).
        public var name: String
        /// The hook's type (`console_scripts`, `exec`, `module`).
        public var type: String
        /// The command line run, when it ran.
        var command: [String]?
        /// The exit status, when it ran.
        public var status: Int32?
        /// What the hook printed (stdout and stderr).
        public var output: String
        /// Why it did not run, when it did not.
        public var skippedBecause: String?
    }

    /// `REVISION_SCRIPT_FILENAME`, replaced by the file's path in `options`.
    static let token = "REVISION_SCRIPT_FILENAME"

    /// Runs each hook of `environment` on `file`, in order.
    ///
    /// Executables are looked up on `PATH`, then in `$VIRTUAL_ENV/bin` and `.venv`/`venv` beside
    /// the config file and at the repository root.
    public static func run(_ environment: AlembicEnvironment, file: URL, root: URL) -> [Outcome] {
        let configDirectory = URL(fileURLWithPath: RelativePath.join(root.path, RelativePath.directory(of: environment.configPath)))
        let searchPath = searchPath(configDirectory: configDirectory, root: root)
        return environment.postWriteHooks.map { hook in run(hook, file: file, searchPath: searchPath) }
    }

    /// Runs one hook (its ini or TOML keys) on `file`, or says why it was skipped.
    static func run(_ hook: [String: String], file: URL, searchPath: String) -> Outcome {
        let name = hook["_hook_name"] ?? "?"
        guard let type = hook["type"] else {
            return Outcome(
                name: name, type: "", output: "",
                skippedBecause: "Key '\(name).type' (or 'type' in toml) is required for post write hook '\(name)'")
        }
        let directory = hook["cwd"].map {
            URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        }
        let base: [String]
        switch baseCommand(hook, name: name, type: type, searchPath: searchPath, directory: directory) {
        case .command(let command): base = command
        case .skipped(let outcome): return outcome
        }
        let command = base + options(hook["options"] ?? "", path: file.path)
        do {
            var env = ProcessInfo.processInfo.environment
            env["PATH"] = searchPath
            let result = try ProcessRunner.run(command[0], Array(command.dropFirst()), environment: env, directory: directory)
            return Outcome(
                name: name, type: type, command: command, status: result.status, output: result.stdoutText + result.stderrText)
        } catch {
            return Outcome(name: name, type: type, command: command, output: "", skippedBecause: "\(error)")
        }
    }

    /// A hook's program and leading arguments, or the outcome that skips it.
    private enum BaseCommand {
        case command([String])
        case skipped(Outcome)
    }

    /// The program a hook of `type` runs: a console script or an executable found on
    /// `searchPath`, or `python -m module` when the module can be imported.
    private static func baseCommand(
        _ hook: [String: String], name: String, type: String, searchPath: String, directory: URL?
    ) -> BaseCommand {
        switch type {
        case "console_scripts":
            guard let entry = hook["entrypoint"] else { return .skipped(missing("entrypoint", name, type)) }
            guard let found = ProcessRunner.resolveExecutable(entry, path: searchPath) else {
                return .skipped(
                    Outcome(
                        name: name, type: type, output: "", skippedBecause: "\(entry) is not on PATH or in a virtualenv beside the project")
                )
            }
            return .command([found])
        case "exec":
            guard let executable = hook["executable"] else { return .skipped(missing("executable", name, type)) }
            guard let found = ProcessRunner.resolveExecutable(executable, path: searchPath) else {
                return .skipped(
                    Outcome(name: name, type: type, output: "", skippedBecause: "\(executable) is not executable or not on PATH"))
            }
            return .command([found])
        case "module":
            guard let module = hook["module"] else { return .skipped(missing("module", name, type)) }
            guard
                let python = ProcessRunner.resolveExecutable("python3", path: searchPath)
                    ?? ProcessRunner.resolveExecutable("python", path: searchPath)
            else {
                return .skipped(Outcome(name: name, type: type, output: "", skippedBecause: "no python found to run -m \(module)"))
            }
            let probe = try? ProcessRunner.run(
                python, ["-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec(sys.argv[1]) is None)", module],
                directory: directory)
            guard probe?.status == 0 else {
                return .skipped(
                    Outcome(name: name, type: type, output: "", skippedBecause: "Could not find module \(module) (for \(python))"))
            }
            return .command([python, "-m", module])
        default:
            return .skipped(
                Outcome(
                    name: name, type: type, output: "",
                    skippedBecause: "hook type '\(type)' is registered in Python code (env.py), which migcheck does not import"))
        }
    }

    private static func missing(_ key: String, _ name: String, _ type: String) -> Outcome {
        Outcome(name: name, type: type, output: "", skippedBecause: "Key \(name).\(key) is required for post write hook '\(name)'")
    }

    /// `PATH` followed by the virtualenvs a project usually has.
    static func searchPath(configDirectory: URL, root: URL) -> String {
        // The project's own virtualenv first (its pinned black/ruff, and the python that has the
        // hook's module), as Alembic running inside that environment would use; then PATH.
        var parts: [String] = []
        if let venv = ProcessInfo.processInfo.environment["VIRTUAL_ENV"], !venv.isEmpty { parts.append(venv + "/bin") }
        for dir in [configDirectory, root] {
            for name in [".venv", "venv"] { parts.append(dir.appendingPathComponent(name).appendingPathComponent("bin").path) }
        }
        parts += (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        var seen: Set<String> = []
        return parts.filter { seen.insert($0).inserted }.joined(separator: ":")
    }

    /// Alembic's `_parse_cmdline_options`: prepend the token when absent, `shlex.split`, substitute.
    static func options(_ text: String, path: String) -> [String] {
        let withToken = text.contains(token) ? text : token + " " + text
        return shlexSplit(withToken).map { $0.replacingOccurrences(of: token, with: path) }
    }

    /// POSIX `shlex.split`: whitespace-separated words, single quotes literal, double quotes and
    /// backslashes as the shell treats them.
    static func shlexSplit(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                if quote == "\"", !"\\\"$`\n".contains(c) { current.append("\\") }
                current.append(c); escaped = false; continue
            }
            if let q = quote {
                if c == q { quote = nil } else if c == "\\", q == "\"" { escaped = true } else { current.append(c) }
                continue
            }
            if c == "\\" { escaped = true; inWord = true; continue }
            if c == "'" || c == "\"" { quote = c; inWord = true; continue }
            if c.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(c); inWord = true
        }
        if inWord { words.append(current) }
        return words
    }
}
