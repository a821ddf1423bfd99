/// A conservative token estimate before a provider has counted: about 3 characters a token for
/// code (real tokenizers give 3.5–4.5 on English and 2.5–4 on code), so a prompt is rarely
/// thought to fit when it does not. Providers' reported usage corrects it afterwards.
public enum TokenEstimate {
  public static func tokens(in text: String) -> Int { (text.utf8.count + 2) / 3 }

  public static func tokens(of request: ChatRequest) -> Int {
    tokens(in: request.allText) + 8 * (request.messages.count + 1)
  }
}
