import Foundation
import Testing

@testable import MigcheckCore

/// `HistoryFetcher`: what `--fetch` asks git for.
@Suite("History fetcher")
struct HistoryFetcherTests {
    @Test func shallowClonesAreUnshallowedTogetherWithTheBaseBranch() {
        let need = HistoryFetcher.Need(branches: ["main"], commits: [])
        #expect(
            HistoryFetcher.commands(for: need, shallow: true, missingCommits: []) == [
                ["fetch", "--quiet", "--no-tags", "--unshallow", "origin", "+refs/heads/main:refs/remotes/origin/main"]
            ])
        #expect(
            HistoryFetcher.commands(for: need, shallow: false, missingCommits: ["abc"]) == [
                ["fetch", "--quiet", "--no-tags", "origin", "+refs/heads/main:refs/remotes/origin/main"],
                ["fetch", "--quiet", "--no-tags", "origin", "abc"],
            ])
        #expect(HistoryFetcher.commands(for: HistoryFetcher.Need(branches: [], commits: []), shallow: false, missingCommits: []).isEmpty)
    }

    @Test func needComesFromThePlanOrTheBase() {
        let plan = CIPlan(label: "GitHub push", target: .commit("HEAD"), since: "abc", why: "", fetchBranches: ["main"])
        #expect(HistoryFetcher.need(plan: plan, base: nil) == HistoryFetcher.Need(branches: ["main"], commits: ["abc"]))
        #expect(HistoryFetcher.need(plan: nil, base: "origin/release") == HistoryFetcher.Need(branches: ["release"], commits: []))
        #expect(HistoryFetcher.need(plan: plan, base: "origin/main").branches == ["main"])
        #expect(HistoryFetcher.need(plan: nil, base: "main").branches.isEmpty)
    }
}
