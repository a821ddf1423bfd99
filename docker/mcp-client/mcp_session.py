"""One MCP session with `git-llm mcp` over stdio, through the official Python SDK's client."""

import tempfile
from pathlib import Path

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

# A review on the tiny model takes seconds; far more means a hung server.
CALL_TIMEOUT = 300


def run(binary: str, env: dict, cwd: Path, body, args=("mcp",)):
    """Starts `binary args` in `cwd`, initializes a session and returns `await body(session)`;
    the server's stderr is kept in session.stderr_text() for messages."""

    async def main():
        with tempfile.TemporaryFile("w+") as errlog:
            params = StdioServerParameters(command=binary, args=list(args), env=env, cwd=str(cwd))
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write, read_timeout_seconds=CALL_TIMEOUT) as session:
                    await session.initialize()
                    return await body(session)

    return anyio.run(main)


def text(result) -> str:
    """The text of a tool result's content."""
    return "".join(block.text for block in result.content if getattr(block, "type", None) == "text")
