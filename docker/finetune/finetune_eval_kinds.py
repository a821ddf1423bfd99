"""Which pair kind a record is. `git llm finetune dataset` writes no kind field: every kind has its
own documented system prompt (Sources/HarvestKit/PairTemplates.swift, docs/finetune.md "Pair
kinds"), which a chat record carries as its system message, an alpaca record as its instruction
and a completion record as the start of its prompt, followed by a blank line. test_evaluate.py
checks these strings against the Swift source. Standard library only."""

SYSTEM_PROMPTS = {
    "edit": "You are a programmer working in this repository. Apply the requested change to the code you are "
            "given and reply with the changed code only.",
    "commit_message": "You write git commit messages for this repository: a short imperative subject line, then "
                      "a body that says why when it matters.",
    "review": "You review code in this repository. Say what is wrong with the code you are given and show the fix "
              "as a diff.",
    "code": "You are a programmer working in this repository. Write the requested code in the repository's style.",
}
OTHER = "other"  # a record whose prompt starts with none of them (a hand-made dataset)


def kind_of_system(system: str) -> str:
    return next((kind for kind, prompt in SYSTEM_PROMPTS.items() if system == prompt), OTHER)


def kind_of_text(prompt: str) -> str:
    return next((kind for kind, text in SYSTEM_PROMPTS.items() if prompt == text or prompt.startswith(text + "\n\n")),
                OTHER)


def kind_of(record: dict) -> str:
    """The kind of a record as finetune_data.load returns it (prompt/completion or messages)."""
    messages = record.get("messages") or record.get("prompt")
    if isinstance(messages, list):
        first = messages[0] if messages else {}
        return kind_of_system(first.get("content", "")) if first.get("role") == "system" else OTHER
    return kind_of_text(messages or "")


def answer_of(record: dict) -> str:
    """The answer to generate: the completion, or the last assistant turn."""
    if "messages" in record:
        return record["messages"][-1]["content"]
    completion = record["completion"]
    return completion[-1]["content"] if isinstance(completion, list) else completion
