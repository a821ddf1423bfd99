// swift-tools-version: 6.0
import PackageDescription

// One folder per capability under Sources/. The executable only parses arguments and calls
// the GitLLM library, which wires the capabilities together.
let package = Package(
  name: "git-llm",
  platforms: [.macOS(.v14)],
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
    .systemLibrary(
      name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
      providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
    // Swift cannot call C variadic functions; this shim gives curl_easy_setopt/getinfo typed entry points.
    .target(name: "CCurlShim", dependencies: ["CCurl"], path: "Sources/CCurlShim"),
    .target(name: "GitKit", dependencies: ["CGit2"], path: "Sources/Git"),
    .target(name: "HTTPKit", dependencies: ["CCurlShim"], path: "Sources/HTTP"),
    .target(
      name: "ConfigKit", dependencies: [.product(name: "Yams", package: "Yams")],
      path: "Sources/Config"),
    .target(
      name: "GitLLM",
      dependencies: [
        "GitKit", "ConfigKit", "HTTPKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Sources/GitLLM"),
    .executableTarget(name: "git-llm", dependencies: ["GitLLM"], path: "Sources/git-llm"),
    .target(name: "TestSupport", path: "Tests/Support"),
    .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport"], path: "Tests/GitKitTests"),
    .testTarget(name: "ConfigKitTests", dependencies: ["ConfigKit"], path: "Tests/ConfigKitTests"),
    .testTarget(
      name: "CLITests", dependencies: ["GitLLM", "GitKit", "TestSupport"], path: "Tests/CLITests"),
  ]
)
