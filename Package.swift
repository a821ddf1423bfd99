// swift-tools-version: 6.0
import PackageDescription

// The commit `git llm --version` reports. `make build` sets GIT_LLM_COMMIT (a short hash, "-dirty"
// with local changes) and it reaches the binary as a C string define of CBuildInfo, so only that
// one C file is rebuilt when it changes; a plain `swift build` leaves it out and the version says
// "unknown commit". Anything but letters, digits and dashes is ignored rather than quoted.
let buildCommit = Context.environment["GIT_LLM_COMMIT"].flatMap { value -> String? in
  let allowed = !value.isEmpty && value.count <= 48 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
  return allowed ? value : nil
}

// One module per capability, each in the folder named after it (Sources/<Module>, Tests/<Module>Tests);
// docs/architecture.md shows the graph. The executable only parses arguments and calls the GitLLM
// library, which wires the capabilities together.
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
    // `git llm mcp`: the Model Context Protocol over stdio. Only its MCP library is built (with
    // swift-system and swift-log); the package's other dependencies are resolved but not compiled.
    .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CGit2", pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]),
    // libcurl through a small C shim: typed entry points for the variadic calls, and a dlopen on
    // first use so that commands that make no HTTP request don't pay for loading libcurl
    // (Sources/CCurlShim/include/CCurlShim.h says why). Needs libcurl's headers (libcurl4-openssl-dev).
    .target(
      name: "CCurlShim",
      linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
    .target(name: "CBuildInfo", cSettings: buildCommit.map { [.define("GIT_LLM_COMMIT", to: "\"\($0)\"")] } ?? []),
    // Typed entry points for libgit2's variadic git_libgit2_opts.
    .target(name: "CGit2Shim", dependencies: ["CGit2"]),
    .target(name: "GitKit", dependencies: ["CGit2", "CGit2Shim"]),
    .target(name: "HTTPKit", dependencies: ["CCurlShim"]),
    .target(name: "PrivacyKit"),
    .target(name: "ProvidersKit", dependencies: ["HTTPKit", "PrivacyKit"]),
    .target(name: "RoutingKit", dependencies: ["ProvidersKit", "ConfigKit", "PrivacyKit"]),
    .target(name: "OutputKit"),
    // Which files a reviewer (and so a harvest or a debt ranking) leaves out, and how large a
    // request each model takes: shared by review, harvest and debt without pulling in providers.
    .target(name: "FileSelectionKit", dependencies: ["GitKit", "OutputKit"]),
    .target(
      name: "ReviewKit", dependencies: ["GitKit", "ConfigKit", "FileSelectionKit", "ProvidersKit", "RoutingKit", "PrivacyKit", "OutputKit"]),
    .target(name: "HooksKit", dependencies: ["GitKit", "ConfigKit"]),
    .target(
      name: "DebtKit", dependencies: ["GitKit", "ConfigKit", "FileSelectionKit", "RoutingKit", "ProvidersKit", "OutputKit"]),
    .target(name: "HarvestKit", dependencies: ["GitKit", "ConfigKit", "PrivacyKit", "FileSelectionKit", "OutputKit"]),
    // Putting a trained adapter behind a server: Ollama's blobs and create API.
    .target(name: "DeployKit", dependencies: ["HTTPKit", "ConfigKit"]),
    // Training runs: run folders and their states, the queue, container engines and the local venv.
    .target(name: "FinetuneKit", dependencies: ["ConfigKit", "OutputKit", .product(name: "Yams", package: "Yams")]),
    .target(
      name: "ConfigKit", dependencies: [.product(name: "Yams", package: "Yams")]),
    // The MCP server: tools with their input schemas, typed arguments, tool errors and progress.
    // Knows no git-llm job: GitLLM hands it the tools.
    .target(name: "MCPServerKit", dependencies: [.product(name: "MCP", package: "swift-sdk")]),
    .target(
      name: "GitLLM",
      dependencies: [
        "GitKit", "ConfigKit", "HTTPKit", "ProvidersKit", "RoutingKit", "FileSelectionKit", "ReviewKit", "HooksKit", "OutputKit",
        "HarvestKit", "DebtKit", "FinetuneKit", "DeployKit", "MCPServerKit", "CBuildInfo",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "git-llm", dependencies: ["GitLLM"]),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport"]),
    .testTarget(name: "HTTPKitTests", dependencies: ["HTTPKit", "TestSupport"]),
    .testTarget(name: "PrivacyKitTests", dependencies: ["PrivacyKit"]),
    .testTarget(
      name: "ProvidersKitTests", dependencies: ["ProvidersKit", "RoutingKit", "TestSupport"]),
    .testTarget(name: "FileSelectionKitTests", dependencies: ["FileSelectionKit", "GitKit", "TestSupport"]),
    .testTarget(name: "ReviewKitTests", dependencies: ["ReviewKit", "TestSupport"]),
    .testTarget(name: "HarvestKitTests", dependencies: ["HarvestKit", "FileSelectionKit", "TestSupport"]),
    .testTarget(name: "HooksKitTests", dependencies: ["HooksKit", "ConfigKit", "TestSupport"]),
    .testTarget(name: "DebtKitTests", dependencies: ["DebtKit", "GitKit", "TestSupport"]),
    .testTarget(name: "ConfigKitTests", dependencies: ["ConfigKit"]),
    .testTarget(name: "DeployKitTests", dependencies: ["DeployKit", "HTTPKit", "TestSupport"]),
    .testTarget(name: "FinetuneKitTests", dependencies: ["FinetuneKit", "TestSupport", .product(name: "Yams", package: "Yams")]),
    .testTarget(name: "MCPServerKitTests", dependencies: ["MCPServerKit", .product(name: "MCP", package: "swift-sdk")]),
    .testTarget(
      name: "CLITests",
      dependencies: [
        "GitLLM", "GitKit", "MCPServerKit", "TestSupport", .product(name: "Yams", package: "Yams"),
        .product(name: "MCP", package: "swift-sdk"),
      ]),
    .executableTarget(name: "transport-bench", dependencies: ["HTTPKit", "ProvidersKit", "TestSupport"], path: "bench/TransportBench"),
  ]
)
