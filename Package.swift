// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "migcheck",
    // Supported: Linux (see README, "Supported platforms"). The macOS line only sets the
    // deployment target; macOS is neither built nor tested.
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "migcheck", targets: ["migcheck"]),
        .library(name: "MigcheckCore", targets: ["MigcheckCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // libpq is loaded at run time (dlopen), only by the commands that use a database.
        .target(
            name: "CLibPQ",
            linkerSettings: [.linkedLibrary("dl")]
        ),
        .target(
            name: "MigcheckCore",
            dependencies: [
                "CLibgit2",
                "CLibPQ",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "migcheck",
            dependencies: [
                "MigcheckCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What both test targets share (scratch directories, revision files, the isolated
        // environment migcheck and git run in), as swift-format's _SwiftFormatTestSupport.
        .target(
            name: "MigcheckTestSupport",
            dependencies: ["MigcheckCore"],
            path: "Tests/MigcheckTestSupport"
        ),
        .testTarget(
            name: "MigcheckCoreTests",
            dependencies: ["MigcheckCore", "MigcheckTestSupport"]
        ),
        .testTarget(
            name: "MigcheckEndToEndTests",
            dependencies: ["MigcheckCore", "MigcheckTestSupport"]
        ),
    ]
)
