import Foundation
import Testing

@testable import MigcheckCore

@Suite struct SecretRedactorTests {
    @Test func knownSecretsInEveryFormAndURLPasswordsAreRedacted() {
        let redactor = SecretRedactor(secrets: ["s3cr@t%pw"])
        #expect(redactor.redact("x s3cr@t%pw y") == "x *** y")
        #expect(redactor.redact("x s3cr%40t%25pw y") == "x *** y")
        #expect(
            redactor.redact("postgresql://u:anything@h:5/db?x=1 and mysql://a:b@c") == "postgresql://u:***@h:5/db?x=1 and mysql://a:***@c")
        #expect(redactor.redact("postgresql://u@h/db, https://example.com/a:b@c") == "postgresql://u@h/db, https://example.com/a:b@c")
    }

    @Test func shortSecretsAreNotSearchedButURLPasswordsStillAre() {
        let redactor = SecretRedactor(secrets: ["ab"])
        #expect(redactor.redact("table abc, postgresql://u:ab@h/db") == "table abc, postgresql://u:***@h/db")
    }

    @Test func databaseURLPasswordIsDecodedAndRemovable() throws {
        let url = try PostgresURL(parsing: "postgresql+asyncpg://app:s3cr%40t%25pw@db:5432/main?ssl=require")
        #expect(url.password == "s3cr@t%pw")
        #expect(url.withoutPassword.sqlalchemyURL() == "postgresql+asyncpg://app@db:5432/main?ssl=require")
        #expect(try PostgresURL(parsing: "postgresql://app@db/main").password == nil)
    }
}
