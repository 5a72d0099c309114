import Foundation
import MigcheckCore
import Testing

/// A database password never breaks the round trip and never reaches output: with
/// `--database-url` holding a percent-encoded password, env.py's common
/// `config.set_main_option("sqlalchemy.url", os.environ[...])` works (the scratch URL carries no
/// password; `PGPASSWORD` does), and a failing revision that prints the password or the URL is
/// reported with `***` in text, JSON and JUnit (issue: hostile input, item 14).
@Suite("Round trip: secrets", .serialized)
struct RoundTripSecretsTests {
    static let password = "s3cr@t%pw"
    static let encoded = "s3cr%40t%25pw"

    /// The sample with an env.py that puts DATABASE_URL through configparser, as many projects do,
    /// and checks that the password arrives in PGPASSWORD, not in the URL.
    static func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(purpose: "secrets")
        let project = directory.url.appendingPathComponent("migrations")
        try FileManager.default.copyItem(at: TestEnvironment.packageRoot.appendingPathComponent("migrations"), to: project)
        let envPath = project.appendingPathComponent("env.py")
        var env = try String(contentsOf: envPath, encoding: .utf8)
        let original = #"raw = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")"#
        try #require(env.contains(original), "the sample's env.py changed; update this test")
        env = env.replacingOccurrences(
            of: original,
            with: #"""
                assert os.environ.get("PGPASSWORD") == "\#(password)", "PGPASSWORD not set"
                    assert ":" not in os.environ["DATABASE_URL"].split("@")[0].split("//")[1], "password in the URL"
                    config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
                    raw = config.get_main_option("sqlalchemy.url")
                """#.trimmingCharacters(in: .whitespaces))
        try Data(env.utf8).write(to: envPath)
        return directory
    }

    /// The held server's URL with the password inserted after the user name.
    static func urlWithPassword(_ server: HeldServer) throws -> String {
        let url = server.url
        try #require(url.hasPrefix("postgresql://postgres@"), "unexpected server URL \(url)")
        return url.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://postgres:\(encoded)@")
    }

    @Test func aPercentEncodedPasswordRoundTripsAndNeverShows() throws {
        let server = try HeldServer()
        defer { server.stop() }
        let directory = try Self.project()
        defer { directory.remove() }
        let project = directory.url.appendingPathComponent("migrations")
        let url = try Self.urlWithPassword(server)

        let clean = try TestEnvironment.runMigcheck(["roundtrip", "--python", TestEnvironment.python, "--database-url", url], in: project)
        #expect(clean.status == 0, "stdout:\n\(clean.stdoutText)\nstderr:\n\(clean.stderrText)")
        #expect(!(clean.stdoutText + clean.stderrText).contains("s3cr"))

        // A revision whose upgrade raises with the password, the URL and another URL's password.
        let revision = project.appendingPathComponent("versions/fe2644435953_create_users.py")
        var text = try String(contentsOf: revision, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "def upgrade() -> None:\n",
            with: """
                def upgrade() -> None:
                    import os
                    raise RuntimeError("leak " + os.environ["PGPASSWORD"] + " postgresql://u:other%40pw@h/db")

                """)
        try Data(text.utf8).write(to: revision)
        let junit = directory.url.appendingPathComponent("junit.xml")
        let failed = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python, "--database-url", url, "--format", "json", "--junit", junit.path],
            in: project)
        #expect(failed.status == 1, "stdout:\n\(failed.stdoutText)\nstderr:\n\(failed.stderrText)")
        let written = try String(contentsOf: junit, encoding: .utf8)
        for output in [failed.stdoutText, failed.stderrText, written] {
            #expect(!output.contains("s3cr"), "a password leaked:\n\(output)")
            #expect(!output.contains("other%40pw"), "a URL password leaked:\n\(output)")
        }
        #expect(failed.stdoutText.contains("leak ***"), "\(failed.stdoutText)")
        #expect(failed.stdoutText.contains("postgresql://u:***@h/db"), "\(failed.stdoutText)")
    }
}
