// swift-tools-version: 6.0
import PackageDescription

// One folder per capability under Sources/. The executable only parses arguments and calls
// the GitLLM library, which wires the capabilities together.
let package = Package(
  name: "git-llm",
  // macOS 15: Synchronization's Mutex, the one lock (every lock in Sources is one).
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "git-llm", targets: ["git-llm"]),
    .library(name: "GitLLM", targets: ["GitLLM"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CGit2", path: "Sources/CGit2", pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]),
    // libcurl through a small C shim: typed entry points for the variadic calls, and a dlopen on
    // first use so that commands that make no HTTP request don't pay for loading libcurl
    // (Sources/CCurlShim/include/CCurlShim.h says why). Needs libcurl's headers (libcurl4-openssl-dev).
    .target(
      name: "CCurlShim", path: "Sources/CCurlShim",
      linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
    // Typed entry points for libgit2's variadic git_libgit2_opts.
    .target(name: "CGit2Shim", dependencies: ["CGit2"], path: "Sources/CGit2Shim"),
    .target(name: "GitKit", dependencies: ["CGit2", "CGit2Shim"], path: "Sources/Git"),
    .target(name: "HTTPKit", dependencies: ["CCurlShim"], path: "Sources/HTTP"),
    .target(name: "PrivacyKit", path: "Sources/Privacy"),
    .target(name: "ProvidersKit", dependencies: ["HTTPKit", "PrivacyKit"], path: "Sources/Providers"),
    .target(name: "RoutingKit", dependencies: ["ProvidersKit", "ConfigKit", "PrivacyKit"], path: "Sources/Routing"),
    .target(name: "OutputKit", path: "Sources/Output"),
    // Which files a reviewer (and so a harvest or a debt ranking) leaves out, and how large a
    // request each model takes: shared by review, harvest and debt without pulling in providers.
    .target(name: "FileSelectionKit", dependencies: ["GitKit", "OutputKit"], path: "Sources/FileSelection"),
    .target(name: "ReviewKit", dependencies: ["GitKit", "ConfigKit", "FileSelectionKit", "ProvidersKit", "RoutingKit", "PrivacyKit", "OutputKit"], path: "Sources/Review"),
    .target(name: "HooksKit", dependencies: ["GitKit", "ConfigKit"], path: "Sources/Hooks"),
    .target(
      name: "DebtKit", dependencies: ["GitKit", "ConfigKit", "FileSelectionKit", "RoutingKit", "ProvidersKit", "OutputKit"],
      path: "Sources/Debt"),
    .target(name: "HarvestKit", dependencies: ["GitKit", "ConfigKit", "PrivacyKit", "FileSelectionKit", "OutputKit"], path: "Sources/Harvest"),
    .target(
      name: "ConfigKit", dependencies: [.product(name: "Yams", package: "Yams")],
      path: "Sources/Config"),
    .target(
      name: "GitLLM",
      dependencies: [
        "GitKit", "ConfigKit", "HTTPKit", "ProvidersKit", "RoutingKit", "FileSelectionKit", "ReviewKit", "HooksKit", "OutputKit", "HarvestKit", "DebtKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Sources/GitLLM"),
    .executableTarget(name: "git-llm", dependencies: ["GitLLM"], path: "Sources/git-llm"),
    .target(name: "TestSupport", path: "Tests/Support"),
    .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport"], path: "Tests/GitKitTests"),
    .testTarget(name: "HTTPKitTests", dependencies: ["HTTPKit", "TestSupport"], path: "Tests/HTTPKitTests"),
    .testTarget(name: "PrivacyKitTests", dependencies: ["PrivacyKit"], path: "Tests/PrivacyKitTests"),
    .testTarget(
      name: "ProvidersKitTests", dependencies: ["ProvidersKit", "RoutingKit", "TestSupport"],
      path: "Tests/ProvidersKitTests"),
    .testTarget(name: "FileSelectionKitTests", dependencies: ["FileSelectionKit", "GitKit", "TestSupport"], path: "Tests/FileSelectionKitTests"),
    .testTarget(name: "ReviewKitTests", dependencies: ["ReviewKit", "TestSupport"], path: "Tests/ReviewKitTests"),
    .testTarget(name: "HarvestKitTests", dependencies: ["HarvestKit", "FileSelectionKit", "TestSupport"], path: "Tests/HarvestKitTests"),
    .testTarget(name: "HooksKitTests", dependencies: ["HooksKit", "ConfigKit", "TestSupport"], path: "Tests/HooksKitTests"),
    .testTarget(name: "DebtKitTests", dependencies: ["DebtKit", "GitKit", "TestSupport"], path: "Tests/DebtKitTests"),
    .testTarget(name: "ConfigKitTests", dependencies: ["ConfigKit"], path: "Tests/ConfigKitTests"),
    .testTarget(
      name: "CLITests", dependencies: ["GitLLM", "GitKit", "TestSupport"], path: "Tests/CLITests"),
    .executableTarget(name: "transport-bench", dependencies: ["HTTPKit", "ProvidersKit", "TestSupport"], path: "bench/TransportBench"),
  ]
)
