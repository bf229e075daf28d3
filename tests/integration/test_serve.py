"""`mkdocs serve`: an edit to a note shows up without restarting the server."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ENV, fetch, free_port, wait_for


def test_editing_a_note_rebuilds_the_served_page(project_copy):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "-f", str(project_copy / "mkdocs.yml")], cwd=project_copy, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/notes/shen-du-xue-xi-wen-da/"
    try:
        assert wait_for(lambda: "Q1" in fetch(url), 60), "mkdocs serve did not come up"
        note = project_copy / "notes" / "深度学习问答.md"
        note.write_text(note.read_text(encoding="utf-8") + "\n\n新加的一段：热更新测试。\n", encoding="utf-8")
        assert wait_for(lambda: "新加的一段：热更新测试。" in fetch(url), 60), "edit was not picked up"
        assert "livereload" in fetch(url), "pages must carry the live-reload script"
    finally:
        server.terminate()
        server.wait(timeout=20)
