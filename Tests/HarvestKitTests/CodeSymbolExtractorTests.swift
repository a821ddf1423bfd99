import HarvestKit
import Testing

// Exact expectations for CodeSymbolExtractor: per language, a small file with documented and
// undocumented declarations, nesting, and comments and strings that hold braces.

private func lines(_ text: String...) -> String { text.joined(separator: "\n") }

private func summary(_ symbols: [DocumentedSymbol]) -> [String] {
  symbols.map { "\($0.kind) \($0.name) @\($0.startLine)" }
}

@Suite struct CodeSymbolExtractorTests {
  @Test func languageByExtension() {
    #expect(CodeSymbolExtractor.language(forPath: "a/b.py") == "python")
    #expect(CodeSymbolExtractor.language(forPath: "x.swift") == "swift")
    #expect(CodeSymbolExtractor.language(forPath: "x.mjs") == "javascript")
    #expect(CodeSymbolExtractor.language(forPath: "x.jsx") == "javascript")
    #expect(CodeSymbolExtractor.language(forPath: "x.tsx") == "typescript")
    #expect(CodeSymbolExtractor.language(forPath: "x.go") == "go")
    #expect(CodeSymbolExtractor.language(forPath: "src/lib.rs") == "rust")
    #expect(CodeSymbolExtractor.language(forPath: "README.md") == nil)
    #expect(CodeSymbolExtractor.language(forPath: ".py") == nil)
    #expect(CodeSymbolExtractor.symbols(path: "notes.txt", source: "def f():\n    \"\"\"Three words here.\"\"\"\n") == [])
  }

  // MARK: Python

  static let python = lines(
    "import functools",
    "",
    "",
    "@functools.lru_cache(maxsize=None)",
    "def fib(n: int) -> int:",
    "    \"\"\"Return the n-th Fibonacci number.",
    "",
    "    Uses memoisation, so it runs in linear time.",
    "    \"\"\"",
    "    if n < 2:",
    "        return n",
    "    # a comment { with a brace",
    "    return fib(n - 1) + fib(n - 2)",
    "",
    "",
    "def undocumented(x):",
    "    return x * 2",
    "",
    "",
    "class Stack:",
    "    '''A last-in, first-out stack of items.'''",
    "",
    "    def __init__(self):",
    "        self.items = []",
    "",
    "    def push(self, item):",
    "        \"\"\"Push an item onto the stack.\"\"\"",
    "        text = \"\"\"",
    "def not_a_function():",
    "    \\\"\\\"\\\"inside a string\\\"\\\"\\\"",
    "\"\"\"",
    "        self.items.append(item)",
    "",
    "    class Node:",
    "        \"\"\"One node of a linked stack.\"\"\"",
    "        def __init__(self, value):",
    "            self.value = value",
    "",
    "    async def drain(self,",
    "                    limit=None):",
    "        r\"\"\"Drain up to limit items, newest first.\"\"\"",
    "        def helper():",
    "            \"\"\"A nested helper is not extracted.\"\"\"",
    "        return helper()",
    "",
    "# trailing comment at column zero",
    "def short():",
    "    \"\"\"Too short.\"\"\"",
    "    pass",
    "",
    "def one_liner(): \"\"\"Documented on the header line itself.\"\"\"",
    "")

  @Test func pythonSymbols() {
    let symbols = CodeSymbolExtractor.symbols(path: "pkg/mod.py", source: Self.python)
    #expect(
      summary(symbols) == [
        "function fib @4", "class Stack @20", "method push @26", "class Node @34", "method drain @39",
        "function one_liner @51",
      ])
    let fib = symbols[0]
    #expect(fib.language == "python")
    #expect(fib.documentation == "Return the n-th Fibonacci number.\n\nUses memoisation, so it runs in linear time.")
    #expect(fib.signature == "def fib(n: int) -> int")
    #expect(
      fib.definition
        == lines(
          "@functools.lru_cache(maxsize=None)",
          "def fib(n: int) -> int:",
          "    \"\"\"Return the n-th Fibonacci number.",
          "",
          "    Uses memoisation, so it runs in linear time.",
          "    \"\"\"",
          "    if n < 2:",
          "        return n",
          "    # a comment { with a brace",
          "    return fib(n - 1) + fib(n - 2)"))
    let stack = symbols[1]
    #expect(stack.documentation == "A last-in, first-out stack of items.")
    #expect(stack.definition.hasPrefix("class Stack:\n"))
    #expect(stack.definition.hasSuffix("        return helper()"))
    let push = symbols[2]
    #expect(push.documentation == "Push an item onto the stack.")
    #expect(push.definition.hasSuffix("\"\"\"\n        self.items.append(item)"))
    #expect(!symbols.contains { $0.name == "not_a_function" || $0.name == "helper" || $0.name == "undocumented" })
    let drain = symbols[4]
    #expect(drain.signature == "async def drain(self, limit=None)")
    #expect(drain.documentation == "Drain up to limit items, newest first.")
    #expect(symbols[5].definition == "def one_liner(): \"\"\"Documented on the header line itself.\"\"\"")
  }

  // MARK: Swift

  static let swift = lines(
    "import Foundation",
    "",
    "/// Adds two integers and returns their sum.",
    "@discardableResult",
    "public func add(_ a: Int, _ b: Int) -> Int {",
    "  let brace = \"}\" // a } in a string and a comment",
    "  return a + b",
    "}",
    "",
    "func undocumented() {}",
    "",
    "/**",
    " A parser for the tiny expression language.",
    "",
    " It keeps the position of the last error.",
    " */",
    "final class Parser {",
    "  /// Creates a parser over the given source text.",
    "  init(source: String) {",
    "    let raw = #\"a \"} raw\"#",
    "    let multi = \"\"\"",
    "      } still a string {",
    "      \"\"\"",
    "    let interpolated = \"\\(source.count > 0 ? \"{\" : \"}\")\"",
    "  }",
    "",
    "  /// Parses one expression, or returns nil at the end.",
    "  mutating func next() -> Int? {",
    "    /* a { block /* nested } */ comment */",
    "    return nil",
    "  }",
    "",
    "  /// A token of the expression language.",
    "  enum Token: Equatable {",
    "    case number(Int)",
    "    case plus",
    "  }",
    "}",
    "",
    "/// Something that can be parsed from text.",
    "protocol Parsable {",
    "  /// A requirement without a body is not a symbol.",
    "  static func parse(_ text: String) -> Self?",
    "}",
    "",
    "extension Parser {",
    "  /// Resets the parser to the start of its source.",
    "  func reset() {",
    "    /// Not extracted: a function inside a function body.",
    "    func inner() {}",
    "  }",
    "}",
    "")

  @Test func swiftSymbols() {
    let symbols = CodeSymbolExtractor.symbols(path: "Sources/Parser.swift", source: Self.swift)
    #expect(
      summary(symbols) == [
        "function add @4", "class Parser @17", "method init @19", "method next @28", "enum Token @34",
        "protocol Parsable @41", "method reset @48",
      ])
    let add = symbols[0]
    #expect(add.language == "swift")
    #expect(add.documentation == "Adds two integers and returns their sum.")
    #expect(add.signature == "public func add(_ a: Int, _ b: Int) -> Int")
    #expect(
      add.definition
        == lines(
          "@discardableResult",
          "public func add(_ a: Int, _ b: Int) -> Int {",
          "  let brace = \"}\" // a } in a string and a comment",
          "  return a + b",
          "}"))
    let parser = symbols[1]
    #expect(parser.documentation == "A parser for the tiny expression language.\n\nIt keeps the position of the last error.")
    #expect(parser.definition.hasPrefix("final class Parser {\n"))
    #expect(parser.definition.hasSuffix("    case plus\n  }\n}"))
    #expect(symbols[2].definition.hasSuffix("\"}\")\"\n  }"))
    #expect(
      symbols[3].definition
        == lines(
          "  mutating func next() -> Int? {",
          "    /* a { block /* nested } */ comment */",
          "    return nil",
          "  }"))
    #expect(symbols[6].documentation == "Resets the parser to the start of its source.")
  }

  // MARK: JavaScript and TypeScript

  static let javascript = lines(
    "/**",
    " * Formats a price in euros.",
    " * @param {number} cents the amount",
    " */",
    "export function formatPrice(cents) {",
    "  const s = `${cents / 100} €`; // template with ${'}'}",
    "  return s.replace(/[{}]/g, '');",
    "}",
    "",
    "/** Shopping cart holding line items. */",
    "export default class Cart {",
    "  /** Creates an empty cart for one user. */",
    "  constructor(user) {",
    "    this.user = user;",
    "  }",
    "",
    "  /** Total of all items in cents. */",
    "  get total() {",
    "    return 0;",
    "  }",
    "",
    "  /** Adds an item, merging duplicates. */",
    "  static async add(item) {",
    "    if (item) { return '}'; }",
    "  }",
    "",
    "  undocumented() {}",
    "}",
    "",
    "/** Debounces a function by the given delay. */",
    "const debounce = (fn, ms) => {",
    "  let t;",
    "  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };",
    "};",
    "",
    "/** Doubles every number in a list. */",
    "export const double = (xs) => xs.map((x) => x * 2);",
    "",
    "/** Not a function: an object literal. */",
    "const config = { a: () => 1 };",
    "")

  @Test func javascriptSymbols() {
    let symbols = CodeSymbolExtractor.symbols(path: "web/cart.mjs", source: Self.javascript)
    #expect(
      summary(symbols) == [
        "function formatPrice @5", "class Cart @11", "method constructor @13", "method total @18",
        "method add @23", "function debounce @31", "function double @37",
      ])
    #expect(symbols[0].documentation == "Formats a price in euros.\n@param {number} cents the amount")
    #expect(
      symbols[0].definition
        == lines(
          "export function formatPrice(cents) {",
          "  const s = `${cents / 100} €`; // template with ${'}'}",
          "  return s.replace(/[{}]/g, '');",
          "}"))
    #expect(symbols[0].signature == "export function formatPrice(cents)")
    #expect(symbols[1].definition.hasSuffix("  undocumented() {}\n}"))
    #expect(symbols[4].definition == "  static async add(item) {\n    if (item) { return '}'; }\n  }")
    #expect(symbols[5].definition.hasSuffix("};"))
    #expect(symbols[6].definition == "export const double = (xs) => xs.map((x) => x * 2);")
  }

  static let typescript = lines(
    "/** A user of the shop, as the API returns it. */",
    "export interface User {",
    "  id: string;",
    "  name: string;",
    "}",
    "",
    "/** Either a user's id or the user itself. */",
    "export type UserRef = string | User;",
    "",
    "/** Finds a user by id in a list of users. */",
    "export function findUser<T extends User>(users: T[], id: string): T | undefined {",
    "  return users.find((u) => u.id === id);",
    "}",
    "",
    "/** Overload signatures without a body are skipped. */",
    "export function f(a: string): void;",
    "",
    "/** Service that loads and caches users. */",
    "@Injectable()",
    "export class UserService {",
    "  /** Loads one user, from the cache when possible. */",
    "  public async load(id: string): Promise<User> {",
    "    return { id, name: '' };",
    "  }",
    "}",
    "")

  @Test func typescriptSymbols() {
    let symbols = CodeSymbolExtractor.symbols(path: "src/users.ts", source: Self.typescript)
    #expect(
      summary(symbols) == [
        "interface User @2", "type UserRef @8", "function findUser @11", "class UserService @19",
        "method load @22",
      ])
    #expect(symbols.allSatisfy { $0.language == "typescript" })
    #expect(symbols[1].definition == "export type UserRef = string | User;")
    #expect(symbols[3].definition.hasPrefix("@Injectable()\nexport class UserService {"))
    #expect(symbols[4].signature == "public async load(id: string): Promise<User>")
  }

  // MARK: Go

  static let go = lines(
    "package shop",
    "",
    "// Cart holds the line items of one order.",
    "type Cart struct {",
    "\tItems []Item // the items { in a comment",
    "}",
    "",
    "// Total returns the sum of all items in cents.",
    "//",
    "// It never overflows for realistic carts.",
    "//go:noinline",
    "func (c *Cart) Total() int {",
    "\ts := \"}\"",
    "\tr := '}'",
    "\tq := `",
    "}`",
    "\t_ = s + q + string(r)",
    "\treturn 0",
    "}",
    "",
    "func undocumented() {}",
    "",
    "// ParseCents parses a price such as 12.50 into cents.",
    "func ParseCents(s string) (int, error) {",
    "\treturn 0, nil",
    "}",
    "",
    "// Money is an amount of cents in one currency.",
    "type Money int64",
    "")

  @Test func goSymbols() {
    let symbols = CodeSymbolExtractor.symbols(path: "shop/cart.go", source: Self.go)
    #expect(
      summary(symbols) == ["struct Cart @4", "method Total @12", "function ParseCents @24", "type Money @29"])
    #expect(symbols[1].documentation == "Total returns the sum of all items in cents.\n\nIt never overflows for realistic carts.")
    #expect(symbols[1].definition.hasSuffix("\treturn 0\n}"))
    #expect(symbols[1].signature == "func (c *Cart) Total() int")
    #expect(symbols[3].definition == "type Money int64")
  }

  // MARK: Rust

  static let rust = lines(
    "//! Crate docs are not a symbol's doc.",
    "",
    "/// A point in the plane, in pixels.",
    "#[derive(Debug, Clone, Copy)]",
    "pub struct Point {",
    "    pub x: i32,",
    "    pub y: i32,",
    "}",
    "",
    "impl Point {",
    "    /// Returns the point moved by dx and dy.",
    "    #[inline]",
    "    pub fn offset(&self, dx: i32, dy: i32) -> Point {",
    "        let c = '}';",
    "        let s = r#\"a \"}\" raw\"#;",
    "        let l: &'static str = \"{\";",
    "        Point { x: self.x + dx, y: self.y + dy }",
    "    }",
    "",
    "    fn undocumented(&self) {}",
    "}",
    "",
    "/// Things that can be drawn on a canvas.",
    "pub trait Draw {",
    "    /// Draws self; required, so no body and no symbol.",
    "    fn draw(&self);",
    "",
    "    /// Draws self twice, as the default does.",
    "    fn draw_twice(&self) {",
    "        self.draw(); self.draw();",
    "    }",
    "}",
    "",
    "/// A unit of length, for the tuple-struct case.",
    "pub struct Pixels(pub u32);",
    "",
    "/// Directions on the compass rose.",
    "enum Direction { North, South }",
    "")

  @Test func rustSymbols() {
    let symbols = CodeSymbolExtractor.symbols(path: "src/geom.rs", source: Self.rust)
    #expect(
      summary(symbols) == [
        "struct Point @4", "method offset @12", "trait Draw @24", "method draw_twice @29", "struct Pixels @35",
        "enum Direction @38",
      ])
    #expect(symbols[0].definition.hasPrefix("#[derive(Debug, Clone, Copy)]\npub struct Point {"))
    #expect(symbols[1].documentation == "Returns the point moved by dx and dy.")
    #expect(
      symbols[1].definition
        == lines(
          "    #[inline]",
          "    pub fn offset(&self, dx: i32, dy: i32) -> Point {",
          "        let c = '}';",
          "        let s = r#\"a \"}\" raw\"#;",
          "        let l: &'static str = \"{\";",
          "        Point { x: self.x + dx, y: self.y + dy }",
          "    }"))
    #expect(symbols[4].definition == "pub struct Pixels(pub u32);")
  }

  // MARK: Limits and robustness

  @Test func longDefinitionsAndShortDocsAreSkipped() {
    let body = (0..<210).map { "    x = \($0)" }.joined(separator: "\n")
    let source = "def long():\n    \"\"\"A very long function body.\"\"\"\n" + body + "\n"
    #expect(CodeSymbolExtractor.symbols(path: "a.py", source: source) == [])
    #expect(CodeSymbolExtractor.symbols(path: "a.go", source: "// F does.\nfunc F() {}\n") == [])
  }

  @Test func crlfLineEnds() {
    let source = "/// Adds two integers together.\r\nfunc add(a: Int, b: Int) -> Int {\r\n  a + b\r\n}\r\n"
    let symbols = CodeSymbolExtractor.symbols(path: "a.swift", source: source)
    #expect(symbols.map(\.definition) == ["func add(a: Int, b: Int) -> Int {\n  a + b\n}"])
  }

  @Test func oddInputNeverCrashes() {
    let odd = [
      "", "{", "}", "}}}{{{", "\"", "'", "`", "/*", "/**", "///", "\"\"\"", "r#\"", "#\"\"\"", "\\(", "${",
      "/// Doc for a function without end.\nfunc f() {", "def f(:\n  \"\"\"unterminated doc",
      "/** doc */\nclass {", "// A doc.\nfunc (", "/// Three word doc.\nfn f(\n", "\u{FFFD}\u{FFFD}{\u{FFFD}",
      "/// Doc of three words.\nfunc \u{FFFD}() { \"\\(\"\\(\"\\(\" }", "'\\", "b'", "r#", "x = `${`${`",
    ]
    for text in odd {
      for path in ["a.py", "a.swift", "a.js", "a.ts", "a.go", "a.rs"] {
        _ = CodeSymbolExtractor.symbols(path: path, source: text)
      }
    }
  }

  @Test func randomSlicesOfTheFixturesNeverCrash() {
    var state: UInt64 = 0x5EED
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(bound, 1)))
    }
    let fixtures = [
      ("a.py", Self.python), ("a.swift", Self.swift), ("a.js", Self.javascript), ("a.ts", Self.typescript),
      ("a.go", Self.go), ("a.rs", Self.rust),
    ]
    for (path, source) in fixtures {
      let scalars = Array(source.unicodeScalars)
      for _ in 0..<300 {
        let a = next(scalars.count), b = a + next(scalars.count - a + 1)
        var slice = String(String.UnicodeScalarView(scalars[a..<b]))
        if next(3) == 0 { slice += String(String.UnicodeScalarView(scalars[next(scalars.count)...])) }
        for otherPath in ["a.py", "a.swift", "a.js", "a.ts", "a.go", "a.rs"] {
          let found = CodeSymbolExtractor.symbols(path: otherPath, source: slice)
          #expect(found.allSatisfy { $0.startLine >= 1 && !$0.definition.isEmpty })
        }
        _ = path
      }
    }
  }

  @Test func hugeFileIsBoundedInTime() {
    // 20,000 unbalanced declarations: one pass each, no quadratic rescans.
    let source = String(repeating: "/// Opens a brace never closed.\nfunc f() {\n", count: 20_000)
    #expect(CodeSymbolExtractor.symbols(path: "a.swift", source: source) == [])
    let python = String(repeating: "class A:\n    \"\"\"Doc of three words.\"\"\"\n    x = 1\n", count: 5_000)
    #expect(CodeSymbolExtractor.symbols(path: "a.py", source: python).count == 5_000)
  }
}
