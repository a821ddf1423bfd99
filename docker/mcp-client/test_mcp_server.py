"""`git llm mcp` driven by the official MCP Python SDK over stdio: the tool list and schemas,
each tool in a fixture repository made with git, tool errors that leave the server answering,
progress notifications, the review on the real test LLM server, and what leaves the machine."""

import json
import subprocess

import pytest
from mcp import MCPError

import mcp_session
from conftest import git, write_local_config
from mcp_session import text

TOOLS = {"review", "debt", "commit_message", "providers", "finetune_status"}
SECRET = "ghp_" + "R7kQ2mX9pL4vN8sT1wY6zB3cF5hJ0dG2aE7u"


def model_config(url: str, remote: bool = False, allow_remote: bool = True) -> str:
    return f"""
providers:
  ollama: {{base_url: "http://127.0.0.1:9"}}
  llamacpp: {{type: openai, base_url: "{url}", remote: {str(remote).lower()}}}
models:
  tiny: {{provider: llamacpp, model: tiny, context_window: 4096, max_output_tokens: 600, temperature: 0}}
routing:
  review: [tiny, builtin]
  commit_message: [tiny]
  tech_debt: [tiny]
fallback: {{max_retries: 0}}
privacy:
  allow_remote: {str(allow_remote).lower()}
"""


BUILTIN_ONLY = """
providers:
  ollama: {base_url: "http://127.0.0.1:9"}
routing:
  review: [builtin]
"""


def test_lists_the_tools_with_their_input_schemas(binary, env, repo):
    async def body(session):
        return (await session.list_tools()).tools

    tools = {tool.name: tool for tool in mcp_session.run(binary, env, repo, body)}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description, tool.name
        assert tool.input_schema["type"] == "object" and tool.input_schema["additionalProperties"] is False
        assert tool.input_schema["properties"]["repository"]["type"] == "string", tool.name
    review = tools["review"].input_schema["properties"]
    assert review["range"]["type"] == "string" and review["staged"]["type"] == "boolean"
    assert review["paths"] == {"type": "array", "items": {"type": "string"}, "description": review["paths"]["description"]}
    debt = tools["debt"].input_schema["properties"]
    assert set(debt) == {"paths", "since", "top", "no_model", "repository"}
    assert debt["top"]["type"] == "integer" and debt["top"]["minimum"] == 1
    assert tools["providers"].input_schema["properties"]["check"]["type"] == "boolean"
    assert "run" in tools["finetune_status"].input_schema["properties"]


def test_review_is_the_json_the_command_prints(binary, env, repo):
    write_local_config(repo, BUILTIN_ONLY)

    async def body(session):
        return await session.call_tool("review", {"range": "HEAD~1..HEAD"})

    result = mcp_session.run(binary, env, repo, body)
    assert not result.is_error, text(result)
    served = json.loads(text(result))
    cli = subprocess.run(
        [binary, "review", "HEAD~1..HEAD", "--format", "json", "--no-log"], cwd=repo, env=env, capture_output=True, text=True
    )
    printed = json.loads(cli.stdout)
    assert set(served) == set(printed)
    assert served["findings"] == printed["findings"]
    assert served["findings"], "the built-in rules flag the TODO in util.py"
    assert [unit["paths"] for unit in served["units"]] == [unit["paths"] for unit in printed["units"]]


def test_review_goes_to_the_real_server_with_progress(binary, env, repo, proxy):
    write_local_config(repo, model_config(proxy.url))
    progress = []

    async def on_progress(value, total, message):
        progress.append((value, total, message))

    async def body(session):
        return await session.call_tool("review", {"staged": True}, progress_callback=on_progress)

    result = mcp_session.run(binary, env, repo, body)
    assert not result.is_error, text(result)
    report = json.loads(text(result))
    assert [unit["provider"] for unit in report["units"]] == ["llamacpp"], "the real server answered"
    assert any(b'"tiny"' in body for body in proxy.bodies), "the request went through the server"
    for finding in report["findings"]:
        assert finding["path"] == "calc.py"
    assert progress, "progress notifications for the review"
    values = [value for value, _, _ in progress]
    assert values == sorted(set(values)), "progress only increases"
    assert progress[-1][0] == progress[-1][1] == len(report["units"])
    assert progress[-1][2] == "reviewed 1 of 1 unit"


def test_a_secret_in_the_diff_does_not_reach_a_remote_server(binary, env, repo, proxy):
    (repo / "settings.py").write_text(f'GITHUB_TOKEN = "{SECRET}"\n')
    git(repo, "add", "settings.py")
    write_local_config(repo, model_config(proxy.url, remote=True, allow_remote=True))

    async def body(session):
        return await session.call_tool("review", {"staged": True})

    result = mcp_session.run(binary, env, repo, body)
    assert not result.is_error, text(result)
    assert proxy.bodies, "the remote model was asked"
    assert all(SECRET.encode() not in body for body in proxy.bodies), "the secret left the machine"
    assert any(b"<redacted:github-token" in body for body in proxy.bodies), "it was sent as a placeholder"
    report = json.loads(text(result))
    assert SECRET not in text(result)
    assert any(f["path"] == "settings.py" and f["severity"] == "critical" for f in report["findings"])


def test_allow_remote_false_keeps_every_request_local(binary, env, repo, proxy):
    write_local_config(repo, model_config(proxy.url, remote=True, allow_remote=False))

    async def body(session):
        return await session.call_tool("review", {"staged": True})

    result = mcp_session.run(binary, env, repo, body)
    assert not result.is_error, text(result)
    assert proxy.bodies == [], "privacy.allow_remote: false, yet a request reached the remote server"
    report = json.loads(text(result))
    assert report["builtin_only"] is True


def test_debt_commit_message_providers_and_finetune_status(binary, env, repo, proxy):
    write_local_config(repo, model_config(proxy.url))
    progress = []

    async def on_progress(value, total, message):
        progress.append((value, message))

    async def body(session):
        debt = await session.call_tool("debt", {"no_model": True, "top": 2}, progress_callback=on_progress)
        message = await session.call_tool("commit_message", {})
        providers = await session.call_tool("providers", {"check": True})
        runs = await session.call_tool("finetune_status", {})
        return debt, message, providers, runs

    debt, message, providers, runs = mcp_session.run(binary, env, repo, body)
    assert not debt.is_error, text(debt)
    report = json.loads(text(debt))
    assert report["commits"] == 3 and 1 <= len(report["hotspots"]) <= 2
    assert {spot["path"] for spot in report["hotspots"]} <= {"calc.py", "util.py", "README.md"}
    assert progress and progress[-1] == (3, "read 3 commits"), "progress while reading history"

    assert not message.is_error, text(message)
    assert text(message).strip(), "the tiny model drafted something"

    assert not providers.is_error, text(providers)
    rows = {row["name"]: row for row in json.loads(text(providers))}
    assert rows["llamacpp"]["reachable"] is True and "tiny" in rows["llamacpp"]["models"]
    assert rows["llamacpp"]["tasks"] == ["commit_message", "review", "tech_debt"]

    assert not runs.is_error, text(runs)
    assert json.loads(text(runs)) == []


def test_bad_calls_are_tool_errors_and_the_server_goes_on(binary, env, repo):
    write_local_config(repo, BUILTIN_ONLY)

    async def body(session):
        outcomes = {}
        calls = {
            "wrong type": ("debt", {"top": "five"}),
            "below minimum": ("debt", {"top": 0}),
            "unknown argument": ("review", {"rang": "HEAD~1.."}),
            "range and staged": ("review", {"range": "HEAD~1..", "staged": True}),
            "unknown range": ("review", {"range": "nosuchbranch..HEAD"}),
            "path matching nothing": ("review", {"range": "HEAD~1..HEAD", "paths": ["missing.py"]}),
            "bad since": ("debt", {"since": "a fortnight-ish"}),
            "no such run": ("finetune_status", {"run": "nosuchrun"}),
            "no such folder": ("providers", {"repository": "does/not/exist"}),
        }
        for label, (tool, arguments) in calls.items():
            outcomes[label] = await session.call_tool(tool, arguments)
        try:
            await session.call_tool("no_such_tool", {})
            outcomes["unknown tool"] = None
        except MCPError as error:
            outcomes["unknown tool"] = error
        outcomes["after"] = await session.call_tool("providers", {})
        return outcomes

    outcomes = mcp_session.run(binary, env, repo, body)
    messages = {}
    for label, result in outcomes.items():
        if label in ("unknown tool", "after"):
            continue
        assert result.is_error, f"{label}: {text(result)}"
        messages[label] = text(result)
        assert "\n" not in messages[label] and messages[label], label
    assert messages["wrong type"] == "'top' must be a whole number, not the string \"five\""
    assert messages["below minimum"] == "'top' must be at least 1, not 0"
    assert messages["unknown argument"].startswith("review takes no argument 'rang'")
    assert "not both" in messages["range and staged"]
    assert "nosuchbranch" in messages["unknown range"]
    assert "missing.py" in messages["path matching nothing"]
    assert "a fortnight-ish" in messages["bad since"]
    assert "nosuchrun" in messages["no such run"]
    assert "does/not/exist" in messages["no such folder"]
    assert isinstance(outcomes["unknown tool"], MCPError), "an unknown tool is a protocol error"
    assert "no_such_tool" in str(outcomes["unknown tool"])
    assert not outcomes["after"].is_error, "the server still answers"


def test_a_config_error_is_a_tool_error(binary, env, repo):
    write_local_config(repo, "routing:\n  review: [nosuchmodel]\nreview:\n  fail_on: sometimes\n")

    async def body(session):
        return await session.call_tool("review", {"staged": True}), await session.call_tool("finetune_status", {})

    review, runs = mcp_session.run(binary, env, repo, body)
    assert review.is_error and "fail_on" in text(review) and "\n" not in text(review)
    assert not runs.is_error, "a tool that reads no configuration still answers"


def test_the_repository_argument_and_dash_c(binary, env, repo, tmp_path):
    write_local_config(repo, BUILTIN_ONLY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    async def body(session):
        return await session.call_tool("debt", {"no_model": True, "repository": str(repo)}), await session.call_tool(
            "debt", {"no_model": True}
        )

    given, default = mcp_session.run(binary, env, elsewhere, body)
    assert not given.is_error and json.loads(text(given))["commits"] == 3
    assert default.is_error and text(default).startswith("not a git repository"), "the server's own folder is no repository"

    async def relative(session):
        return await session.call_tool("debt", {"no_model": True})

    moved = mcp_session.run(binary, env, elsewhere, relative, args=("-C", str(repo), "mcp"))
    assert not moved.is_error and json.loads(text(moved))["commits"] == 3


def test_stdout_is_only_the_protocol_and_eof_ends_the_server_after_answering(binary, env, repo):
    """Raw JSON-RPC lines, every request sent at once and stdin closed: each still gets its answer,
    stdout holds nothing but protocol messages, the notes (-v) are on stderr, and the exit is clean."""
    write_local_config(repo, BUILTIN_ONLY)
    requests = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
         "params": {"name": "review", "arguments": {"range": "HEAD~2..HEAD"}, "_meta": {"progressToken": "t"}}},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "debt", "arguments": {"no_model": True}}},
    ]
    stdin = "".join(json.dumps(request) + "\n" for request in requests)
    done = subprocess.run([binary, "-v", "mcp"], cwd=repo, env=env, input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    messages = [json.loads(line) for line in done.stdout.splitlines()]
    assert all(message.get("jsonrpc") == "2.0" for message in messages)
    answers = {message["id"]: message for message in messages if "id" in message}
    assert set(answers) == {1, 2, 3}, done.stdout
    assert answers[1]["result"]["serverInfo"]["name"] == "git-llm"
    assert answers[2]["result"]["isError"] is False and json.loads(answers[2]["result"]["content"][0]["text"])["findings"]
    assert answers[3]["result"]["isError"] is False
    notes = [m for m in messages if m.get("method") == "notifications/progress"]
    assert notes and all(m["params"]["progressToken"] == "t" for m in notes)
    assert messages.index(notes[-1]) < messages.index(answers[2]), "progress comes before the result"
    assert "git-llm:" in done.stderr, "diagnostics go to stderr"
