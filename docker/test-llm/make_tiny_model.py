#!/usr/bin/env python3
"""Writes a tiny llama-architecture GGUF for git-llm's tests, offline and deterministically.

The model has random weights (so it writes nonsense), a real byte-level BPE vocabulary trained on a
small built-in corpus, and a ChatML chat template, so that `python -m llama_cpp.server --model
tiny.gguf` serves real /v1/chat/completions without --chat_format. Same arguments, same bytes.

Two residual-stream dimensions are set aside so that the reply can end by itself instead of always
running to n_ctx (llama-cpp-python's default max_tokens is "the rest of the context"):
  * STOP_DIM is 1 in the embedding of tokens that end a sentence ("." "!" "?" at the end), else 0;
  * BIAS_DIM is 1 in every embedding.
No layer writes to either dimension (their rows in attn_output and ffn_down are zero), and the
output row of <|im_end|> (EOS) reads only those two: a large negative weight on BIAS_DIM and a
larger positive one on STOP_DIM. So EOS follows a sentence-ending token and is otherwise
practically impossible. In particular the first generated token is never EOS (the ChatML
generation prompt ends with "\n"), so `max_tokens: 1` always ends with finish_reason "length".
Tokens that are not printable ASCII (bytes >= 0x80, control characters, special tokens) are never
generated either, so replies are valid UTF-8 and llama-cpp-python never runs past max_tokens.

Usage: make_tiny_model.py OUTPUT.gguf [--vocab-size N] [--seed N]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile

import numpy as np

import gguf
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

MODEL_NAME = "git-llm-tiny-test"
N_LAYER = 2
N_EMBD = 64
N_HEAD = 4
N_HEAD_KV = 4
N_FF = 128
N_CTX_TRAIN = 4096
RMS_EPS = 1e-5
ROPE_BASE = 10000.0
DEFAULT_VOCAB = 1024
DEFAULT_SEED = 20240601

STOP_DIM = 0
BIAS_DIM = 1
EOS_BIAS = -30.0  # EOS logit from BIAS_DIM, always
EOS_STOP = 60.0  # EOS logit from STOP_DIM, after a sentence-ending token
NEVER_BIAS = -30.0  # logit of tokens that are never generated (not printable ASCII, specials)

BOS = "<|endoftext|>"
IM_START = "<|im_start|>"
IM_END = "<|im_end|>"
SPECIAL_TOKENS = [BOS, IM_START, IM_END]

# ChatML. Content may be a string, a list of OpenAI content parts, or null (assistant tool calls).
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' }}"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% elif message['content'] %}{% for part in message['content'] %}"
    "{% if part['type'] == 'text' %}{{ part['text'] }}{% endif %}{% endfor %}"
    "{% endif %}"
    "{{ '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# Small mixed corpus: English prose, commit messages, diffs and Swift/Python code, so that the
# vocabulary has merges for the kind of text git-llm sends.
CORPUS = r"""
The quick brown fox jumps over the lazy dog. A commit message has a short subject line, a blank
line, and a body that explains what changed and why. Keep the subject under fifty characters.
Write in the imperative mood: "Fix the parser", not "Fixed the parser". Explain the reason for the
change, not only the change itself. Reviewers read the diff; the message tells them why.
Fix crash when the configuration file is empty.
Add retry with exponential backoff to the HTTP client.
Refactor the provider registry so that routing can pick a fallback model.
Update README with installation steps for Debian and macOS.
Remove unused imports and tidy the test fixtures.
Bump the minimum Swift version to 6.0 and enable strict concurrency checking.
diff --git a/Sources/App/main.swift b/Sources/App/main.swift
index 3b18e51..a9c2f47 100644
--- a/Sources/App/main.swift
+++ b/Sources/App/main.swift
@@ -1,7 +1,9 @@
 import Foundation
+import ArgumentParser

-let arguments = CommandLine.arguments
+struct Main: ParsableCommand {
+  @Option(help: "The model to use.") var model: String = "default"
+}
public struct Config: Codable, Sendable {
  public var model: String
  public var temperature: Double
  public var maxTokens: Int?
  public init(model: String, temperature: Double = 0.2, maxTokens: Int? = nil) {
    self.model = model
    self.temperature = temperature
    self.maxTokens = maxTokens
  }
}
func summarize(_ diff: String) async throws -> String {
  let request = ChatRequest(messages: [.system("You write commit messages."), .user(diff)])
  let response = try await client.send(request)
  guard let text = response.choices.first?.message.content else { throw Error.empty }
  return text.trimmingCharacters(in: .whitespacesAndNewlines)
}
enum Error: Swift.Error { case empty, timeout, rateLimited(retryAfter: Int) }
for (index, line) in lines.enumerated() where !line.isEmpty { print(index, line) }
if let value = dictionary["key"], value.count > 0 { return value } else { return nil }
def parse_args(argv):
    parser = argparse.ArgumentParser(description="Generate a report.")
    parser.add_argument("--output", default="report.json", help="where to write it")
    return parser.parse_args(argv)
class Server:
    def __init__(self, host="127.0.0.1", port=8080):
        self.host = host
        self.port = port
    def start(self):
        print(f"listening on http://{self.host}:{self.port}")
{"model": "tiny", "messages": [{"role": "user", "content": "Hello"}], "stream": true}
{"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0, "finish_reason": "stop"}]}
{"error": {"message": "The model does not exist.", "type": "invalid_request_error", "code": 404}}
Hello! How can I help you today? Please review this change. Is the test still passing?
This function returns the number of files that changed. The branch is ahead of origin by two commits.
git add -A && git commit -m "Initial commit" && git push origin main
$ swift build -c release && swift test --parallel
Error: the server returned 429 Too Many Requests. Retrying in 2 seconds.
Warning: the context window is full; the prompt was truncated to 4096 tokens.
Numbers: 0 1 2 3 4 5 6 7 8 9 10 42 100 256 1024 2048 4096 3.14 1e-5 0x1F.
Punctuation: ( ) [ ] { } < > = == != <= >= + - * / % & | ^ ~ ! ? : ; , . ' " ` @ # $ \ _
"""


def train_tokenizer(vocab_size: int) -> Tokenizer:
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=1,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    # Repeat the corpus so that frequent pairs are clearly ahead; the training is deterministic.
    lines = [line for line in CORPUS.splitlines() if line.strip()]
    tokenizer.train_from_iterator(lines * 4, trainer=trainer)
    return tokenizer


def vocabulary(tokenizer: Tokenizer) -> tuple[list[str], list[int], list[str]]:
    """Tokens in id order, their GGUF token types, and the merges as "a b" strings."""
    import json

    by_id = sorted(tokenizer.get_vocab(with_added_tokens=True).items(), key=lambda kv: kv[1])
    ids = [i for _, i in by_id]
    if ids != list(range(len(ids))):
        raise SystemExit("tokenizer ids are not contiguous")
    tokens = [t for t, _ in by_id]
    types = [
        int(gguf.TokenType.CONTROL) if t in SPECIAL_TOKENS else int(gguf.TokenType.NORMAL)
        for t in tokens
    ]
    merges_raw = json.loads(tokenizer.to_str())["model"]["merges"]
    merges = [m if isinstance(m, str) else " ".join(m) for m in merges_raw]
    return tokens, types, merges


def gpt2_byte_decoder() -> dict[str, int]:
    """GPT-2's byte-level alphabet (what `tokenizers`' ByteLevel uses), from stand-in to byte."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    chars, extra = [], 0
    for b in range(256):
        if b in printable:
            chars.append(chr(b))
        else:
            chars.append(chr(256 + extra))
            extra += 1
    return {c: b for c, b in zip(chars, range(256))}


BYTE_DECODER = gpt2_byte_decoder()


def token_bytes(token: str) -> bytes:
    return bytes(BYTE_DECODER[c] for c in token)


def generatable(token: str) -> bool:
    """Printable ASCII, newline and tab only. Byte tokens >= 0x80 would be half a UTF-8 character:
    llama-cpp-python then holds the text back and goes past max_tokens, and the reply would not be
    valid UTF-8. Control characters and special tokens would only make the tests' output unreadable.
    """
    if token in SPECIAL_TOKENS:
        return False
    return all(0x20 <= b < 0x7F or b in (0x09, 0x0A) for b in token_bytes(token))


def ends_sentence(token: str) -> bool:
    # Byte-level tokens spell bytes with printable stand-ins; ".", "!" and "?" stand for themselves.
    return token not in SPECIAL_TOKENS and token.rstrip("\"')").endswith((".", "!", "?"))


def weights(tokens: list[str], seed: int) -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    n_vocab = len(tokens)
    head_dim = N_EMBD // N_HEAD

    def rand(*shape: int, std: float) -> np.ndarray:
        return (rng.standard_normal(shape) * std).astype(np.float32)

    ones = np.ones(N_EMBD, dtype=np.float32)
    embd = rand(n_vocab, N_EMBD, std=1.0)
    embd[:, STOP_DIM] = [1.0 if ends_sentence(t) else 0.0 for t in tokens]
    embd[:, BIAS_DIM] = 1.0

    out = [("token_embd.weight", embd)]
    for layer in range(N_LAYER):
        attn_out = rand(N_EMBD, N_EMBD, std=0.05)
        ffn_down = rand(N_EMBD, N_FF, std=0.05)
        # numpy shape is (n_out, n_in): zero the rows that would write to the reserved dimensions.
        attn_out[[STOP_DIM, BIAS_DIM], :] = 0.0
        ffn_down[[STOP_DIM, BIAS_DIM], :] = 0.0
        out += [
            (f"blk.{layer}.attn_norm.weight", ones.copy()),
            (f"blk.{layer}.attn_q.weight", rand(N_HEAD * head_dim, N_EMBD, std=0.2)),
            (f"blk.{layer}.attn_k.weight", rand(N_HEAD_KV * head_dim, N_EMBD, std=0.2)),
            (f"blk.{layer}.attn_v.weight", rand(N_HEAD_KV * head_dim, N_EMBD, std=0.2)),
            (f"blk.{layer}.attn_output.weight", attn_out),
            (f"blk.{layer}.ffn_norm.weight", ones.copy()),
            (f"blk.{layer}.ffn_gate.weight", rand(N_FF, N_EMBD, std=0.2)),
            (f"blk.{layer}.ffn_up.weight", rand(N_FF, N_EMBD, std=0.2)),
            (f"blk.{layer}.ffn_down.weight", ffn_down),
        ]

    output = rand(n_vocab, N_EMBD, std=0.3)
    output[:, [STOP_DIM, BIAS_DIM]] = 0.0
    # Tokens the model must never write get a large negative logit (see generatable()).
    output[[i for i, t in enumerate(tokens) if not generatable(t)], BIAS_DIM] = NEVER_BIAS
    eos = tokens.index(IM_END)
    output[eos, :] = 0.0
    output[eos, BIAS_DIM] = EOS_BIAS
    output[eos, STOP_DIM] = EOS_STOP
    out += [("output_norm.weight", ones.copy()), ("output.weight", output)]
    return out


def write_model(path: str, vocab_size: int = DEFAULT_VOCAB, seed: int = DEFAULT_SEED) -> None:
    tokenizer = train_tokenizer(vocab_size)
    tokens, types, merges = vocabulary(tokenizer)

    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    # Write next to the target and rename, so that a reader never sees half a file.
    fd, tmp = tempfile.mkstemp(prefix=".tiny-", suffix=".gguf", dir=directory)
    os.close(fd)
    try:
        writer = gguf.GGUFWriter(tmp, "llama")
        writer.add_name(MODEL_NAME)
        writer.add_file_type(int(gguf.LlamaFileType.ALL_F32))
        writer.add_context_length(N_CTX_TRAIN)
        writer.add_embedding_length(N_EMBD)
        writer.add_block_count(N_LAYER)
        writer.add_feed_forward_length(N_FF)
        writer.add_head_count(N_HEAD)
        writer.add_head_count_kv(N_HEAD_KV)
        writer.add_rope_dimension_count(N_EMBD // N_HEAD)
        writer.add_rope_freq_base(ROPE_BASE)
        writer.add_layer_norm_rms_eps(RMS_EPS)
        writer.add_vocab_size(len(tokens))

        writer.add_tokenizer_model("gpt2")
        writer.add_tokenizer_pre("gpt-2")
        writer.add_token_list(tokens)
        writer.add_token_types(types)
        writer.add_token_merges(merges)
        writer.add_bos_token_id(tokens.index(BOS))
        writer.add_eos_token_id(tokens.index(IM_END))
        writer.add_pad_token_id(tokens.index(BOS))
        writer.add_add_bos_token(False)
        writer.add_add_eos_token(False)
        writer.add_chat_template(CHAT_TEMPLATE)

        for name, tensor in weights(tokens, seed):
            writer.add_tensor(name, tensor)

        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="path of the .gguf file to write")
    parser.add_argument("--vocab-size", type=int, default=DEFAULT_VOCAB)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    write_model(args.output, args.vocab_size, args.seed)
    with open(args.output, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f"wrote {args.output} ({os.path.getsize(args.output)} bytes, sha256 {digest})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
