"""Cancelling a `review` call (docs/mcp.md): the client's `notifications/cancelled` stops the work
at once. Against a model server that holds every request (conftest.SlowModelServer): git-llm
closes the connection of the request in flight, sends nothing more (no next unit, no fallback to
the next model, no retry), records no run, and answers the next call as usual."""

import json

import anyio

import mcp_session
from conftest import git, write_local_config
from mcp_session import text

# After the cancel, how long a further request (the next unit, a fallback) is given to show up:
# git-llm would send one at once; this is not a measure of speed.
GRACE = 2.0


def slow_config(url: str) -> str:
    # Two providers on the same slow server (paths /a and /b tell them apart); one request at a
    # time, so the second unit waits for the first; retries on, so a retry would show too.
    return f"""
providers:
  ollama: {{base_url: "http://127.0.0.1:9"}}
  a: {{type: openai, base_url: "{url}/a/v1", max_concurrency: 1}}
  b: {{type: openai, base_url: "{url}/b/v1", max_concurrency: 1}}
models:
  first: {{provider: a, model: m, context_window: 2048, max_output_tokens: 200}}
  second: {{provider: b, model: m, context_window: 2048, max_output_tokens: 200}}
routing:
  review: [first, second, builtin]
fallback: {{max_retries: 2}}
"""


def add_files(repo):
    """Three staged files, sized so that the 2048-token window takes them as two units."""
    for n in (1, 2, 3):
        lines = [f"def f{n}_{i}(x):\n    return x * {i} + {n}  # step {i} of file {n}" for i in range(25)]
        (repo / f"m{n}.py").write_text("\n".join(lines) + "\n")
    git(repo, "add", "-A")


def run_files(repo) -> list:
    runs = repo / ".git" / "llm" / "runs"
    return sorted(runs.iterdir()) if runs.exists() else []


def test_a_cancelled_review_stops_asking_and_the_server_answers_the_next_call(binary, env, repo, slow_model):
    add_files(repo)
    write_local_config(repo, slow_config(slow_model.url))
    progress = []

    async def on_progress(value, total, message):
        progress.append((value, total, message))

    async def body(session):
        async def review():
            await session.call_tool("review", {"staged": True}, progress_callback=on_progress)

        async with anyio.create_task_group() as group:
            group.start_soon(review)
            with anyio.fail_after(60):
                while not (slow_model.paths() and progress):
                    await anyio.sleep(0.02)
            at_cancel = slow_model.paths()
            # Cancelling the call's scope: the SDK sends notifications/cancelled with its id.
            group.cancel_scope.cancel()
        with anyio.move_on_after(30):
            while not slow_model.closed:
                await anyio.sleep(0.02)
        await anyio.sleep(GRACE)
        after = slow_model.paths()
        runs = run_files(repo)
        following = await session.call_tool("review", {"staged": True, "model": "builtin"})
        return at_cancel, after, runs, following

    at_cancel, after, runs, following = mcp_session.run(binary, env, repo, body)
    assert progress[0][1] == 2, f"the review has two units, the second waiting for the first: {progress}"
    assert at_cancel == ["/a/v1/chat/completions"], at_cancel
    assert slow_model.closed, "git-llm did not close the connection of the request in flight"
    assert after == at_cancel, f"requests after the cancel (next unit, fallback or retry): {after[len(at_cancel):]}"
    assert runs == [], f"a cancelled review was recorded as a run: {runs}"
    assert not following.is_error, text(following)
    report = json.loads(text(following))
    assert report["units"] and all(unit["provider"] == "builtin" for unit in report["units"]), "the next call was answered"
    assert run_files(repo), "the next review is recorded as usual"
