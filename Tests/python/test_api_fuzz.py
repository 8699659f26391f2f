"""Fuzzes the running REST API with schemathesis against its own OpenAPI document
(GET /api/openapi.yaml): no 5xx for any generated request, and every response matches the
schema (status, content type, body). Stateful phase follows the spec's links from
POST /tasks to the task operations, so the fuzzing reaches real tasks."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from todo_server import TodoServer, todo_binary

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.mark.skipif(not Path(todo_binary()).exists(), reason="build the todo binary first (swift build)")
def test_schemathesis_finds_no_server_error_and_no_schema_violation(tmp_path):
    assert SCHEMATHESIS.exists(), "schemathesis is installed by ci/requirements.txt"
    with TodoServer("--store", "memory") as server:
        token = server.sign_up("fuzz@example.com")
        # Some data for list, filter and bulk operations to work on.
        for title in ["Pay rent", "Write report", "Call mom"]:
            server.call("POST", "/api/v1/tasks", {"title": title, "tags": ["fuzz"]}, token=token)
        # Schemathesis can trip over its own code generation ("SystemError: AST constructor
        # recursion depth mismatch" under CPython 3.11, reported as a Runtime Error, not as a
        # finding about the API). Such a run is repeated once with another seed; any failure
        # of a check fails the test at once.
        for seed in ["20261125", "20261126"]:
            result = run_schemathesis(server, token, seed, tmp_path)
            summary = result.stdout[-6000:]
            print(summary)
            tool_error_only = result.returncode != 0 and "Runtime Error" in summary and "Failures:" not in summary and "FAILURES" not in summary
            if not tool_error_only:
                break
        assert result.returncode == 0, summary + "\nserver log:\n" + server.read_log()
        assert "generated" in summary and " 0 passed" not in summary


def run_schemathesis(server, token, seed, report_dir):
    return subprocess.run(
        [
            str(SCHEMATHESIS), "run", server.base + "/api/openapi.yaml",
            "--url", server.base + "/api/v1",
            "-H", f"Authorization: Bearer {token}",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--phases", "coverage,fuzzing,stateful",
            "--max-examples", "30", "--seed", seed, "--workers", "2",
            "--no-color", "--report", "junit", "--report-dir", str(report_dir),
        ],
        capture_output=True, text=True, timeout=600,
    )
