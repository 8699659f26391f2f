import sys
from pathlib import Path

# Lets the tests import their helpers (todo_server.py) by name.
sys.path.insert(0, str(Path(__file__).parent))
