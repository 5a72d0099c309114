/// The version of migcheck, printed by `migcheck --version` and written into reports.
public enum MigcheckVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
