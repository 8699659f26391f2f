import sys
from pathlib import Path

# The shared helpers of the Python suites (todo_server.py, the fake Dapr sidecars).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))
