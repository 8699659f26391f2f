"""`todo serve --target frontend`: only the app (the Helm chart's frontend Deployment runs it
with `--runtime dapr`), with no JWT secret, the page at every app path and 404 problems for
other services' paths."""
import json
import re
import urllib.error
import urllib.request

import pytest

from conftest import TodoServer, free_port


def get(base, path, headers=None):
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("runtime", ["embedded", "dapr"])
def test_the_frontend_service_alone(runtime):
    env = {"TODO_JWT_SECRET": ""}
    args = ["--target", "frontend"]
    if runtime == "dapr":
        # The sidecar's address is never called: the frontend hosts no actors and subscribes to nothing.
        args += ["--runtime", "dapr"]
        env |= {"APP_API_TOKEN": "a-token-the-sidecar-would-send", "DAPR_HTTP_PORT": str(free_port())}
    with TodoServer(*args, env=env) as frontend:
        status, headers, body = get(frontend.base, "/upcoming")
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        asset = re.search(r'href="(/assets/[0-9a-f]{16}/css/app\.css)"', body.decode()).group(1)
        status, headers, _ = get(frontend.base, asset)
        assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8"
        for path in ["/api/v1/tasks", "/mcp"]:
            status, headers, body = get(frontend.base, path)
            assert status == 404, path
            assert headers["Content-Type"] == "application/problem+json"
            assert json.loads(body)["status"] == 404
        assert get(frontend.base, "/readyz")[0] == 200
        status, _, metrics = get(frontend.base, "/metrics")
        assert status == 200 and b"todo_http_requests_total" in metrics
