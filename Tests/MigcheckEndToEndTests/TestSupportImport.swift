/// The shared test kit (``TestEnvironment``, ``ScratchDirectory``, ``revisionSource(_:down:labels:depends:message:upgrade:downgrade:)``)
/// for every file of this target.
@_exported import MigcheckTestSupport
