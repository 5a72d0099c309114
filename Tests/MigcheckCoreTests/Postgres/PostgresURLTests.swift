import Testing

@testable import MigcheckCore

/// Parsing SQLAlchemy-style URLs and turning them into libpq and SQLAlchemy URLs.
@Suite struct PostgresURLTests {
    @Test func asyncpgURLLosesDriverAndMapsSSLForLibpq() throws {
        let url = try PostgresURL(
            parsing: "postgresql+asyncpg://app:s3cret@db.example.com:6543/shop?ssl=require&prepared_statement_cache_size=0")
        #expect(url.driver == "asyncpg")
        #expect(url.database == "shop")
        #expect(url.libpqURL == "postgresql://app:s3cret@db.example.com:6543/shop?sslmode=require")
        #expect(url.driverOnlyParameters == ["prepared_statement_cache_size"])
        #expect(
            url.sqlalchemyURL() == "postgresql+asyncpg://app:s3cret@db.example.com:6543/shop?ssl=require&prepared_statement_cache_size=0")
    }

    @Test func explicitSSLModeWinsOverAsyncpgSSL() throws {
        let url = try PostgresURL(parsing: "postgresql+asyncpg://u@h/d?ssl=disable&sslmode=verify-full")
        #expect(url.libpqURL == "postgresql://u@h/d?sslmode=verify-full")
    }

    @Test func psycopgParametersAreLibpqKeywordsAndStay() throws {
        let url = try PostgresURL(parsing: "postgresql+psycopg2://u@/d?host=/var/run/postgresql&application_name=ci&connect_timeout=5")
        #expect(url.driver == "psycopg2")
        #expect(url.libpqURL == "postgresql://u@/d?host=/var/run/postgresql&application_name=ci&connect_timeout=5")
        #expect(url.driverOnlyParameters.isEmpty)
    }

    @Test func postgresSchemeBecomesPostgresqlForSQLAlchemy() throws {
        let url = try PostgresURL(parsing: "postgres://u:p@localhost/app")
        #expect(url.driver == nil)
        #expect(url.sqlalchemyURL() == "postgresql://u:p@localhost/app")
        #expect(url.libpqURL == "postgresql://u:p@localhost/app")
    }

    @Test func withDatabaseReplacesOnlyTheDatabase() throws {
        let url = try PostgresURL(parsing: "postgresql+asyncpg://u:p%40ss@[::1]:5433/main?ssl=true")
        let scratch = url.withDatabase("migcheck_1a2b")
        #expect(scratch.sqlalchemyURL() == "postgresql+asyncpg://u:p%40ss@[::1]:5433/migcheck_1a2b?ssl=true")
        #expect(scratch.libpqURL == "postgresql://u:p%40ss@[::1]:5433/migcheck_1a2b?sslmode=require")
    }

    @Test func switchingDriversTranslatesParameters() throws {
        let asyncpg = try PostgresURL(parsing: "postgresql+asyncpg://u@h/d?ssl=require&command_timeout=5")
        #expect(asyncpg.sqlalchemyURL(driver: "psycopg") == "postgresql+psycopg://u@h/d?sslmode=require")
        let psycopg = try PostgresURL(parsing: "postgresql://u@h/d?sslmode=require")
        #expect(psycopg.sqlalchemyURL(driver: "asyncpg") == "postgresql+asyncpg://u@h/d?ssl=require")
    }

    @Test func percentEncodedQueryValuesRoundTrip() throws {
        let url = try PostgresURL(parsing: "postgresql://u@/d?host=%2Ftmp%2Fa%20b&options=-c%20search_path%3Dapp")
        #expect(url.parameters.map(\.value) == ["/tmp/a b", "-c search_path=app"])
        #expect(url.libpqURL == "postgresql://u@/d?host=/tmp/a%20b&options=-c%20search_path%3Dapp")
    }

    @Test func descriptionRedactsPassword() throws {
        let url = try PostgresURL(parsing: "postgresql+psycopg2://admin:hunter2@db:5432/x")
        #expect(url.description == "postgresql+psycopg2://admin:***@db:5432/x")
        #expect(!url.description.contains("hunter2"))
    }

    @Test(arguments: [
        ("mysql://u@h/d", "unsupported scheme 'mysql'"),
        ("postgresql+://u@h/d", "empty driver name"),
        ("localhost:5432/db", "is not a URL"),
        ("", "is not a URL"),
    ])
    func rejectsWhatIsNotAPostgresURL(text: String, expected: String) {
        #expect {
            try PostgresURL(parsing: text)
        } throws: { error in
            String(describing: error).contains(expected) && String(describing: error).hasPrefix("database URL: ")
        }
    }

    @Test func errorNeverShowsThePassword() {
        #expect {
            try PostgresURL(parsing: "mysql+x:user:hunter2@host")
        } throws: { error in
            !String(describing: error).contains("hunter2")
        }
    }
}
